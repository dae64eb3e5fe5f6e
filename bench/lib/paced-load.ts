import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type HttpLoadResult } from './http-load';
import { LatencyRecorder } from './latency-stats';

export interface PacedLoadOptions {
  readonly url: string;
  readonly ratePerSec: number;
  readonly durationSec: number;
  /** Keep-alive sockets at most; a request finding them all busy waits, and that wait counts. */
  readonly connections: number;
  readonly headers: Record<string, string>;
  readonly nextBody: () => string;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Open-loop load at an even pace: request i is due at start + i / rate whatever the server does, and
 * its latency runs from that due time, so a slow answer cannot hide the requests it held back.
 * (autocannon's overallRate lets every connection fire its whole per-second share at the top of each
 * second: a burst at full concurrency, then silence.)
 */
export function runPacedLoad(options: PacedLoadOptions): Promise<HttpLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies = new LatencyRecorder();
  const statusCounts: Record<string, number> = {};
  const total = Math.round(options.ratePerSec * options.durationSec);
  const intervalMs = 1_000 / options.ratePerSec;
  let sent = 0;
  let settled = 0;
  let errors = 0;
  let timeouts = 0;
  let firstRefusal: string | undefined;
  const started = performance.now();

  return new Promise((resolve) => {
    const settle = (): void => {
      settled++;
      if (settled < total) {
        return;
      }
      agent.destroy();
      const durationSec = (performance.now() - started) / 1_000;
      const ok = statusCounts['200'] ?? 0;
      const answered = Object.values(statusCounts).reduce((sum, count) => sum + count, 0);
      resolve({
        durationSec,
        ok,
        okPerSec: ok / durationSec,
        non200: answered - ok,
        errors,
        timeouts,
        statusCounts,
        firstRefusal,
        latency: latencies.summary(),
      });
    };

    const fire = (dueAt: number): void => {
      const body = options.nextBody();
      const outgoing = request(
        options.url,
        {
          method: 'POST',
          agent,
          headers: { ...options.headers, 'content-length': String(Buffer.byteLength(body)) },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            statusCounts[status] = (statusCounts[status] ?? 0) + 1;
            if (status === 200) {
              latencies.record(performance.now() - dueAt);
            } else {
              firstRefusal ??= `${status} ${text.slice(0, 300)}`;
            }
            settle();
          });
        },
      );
      outgoing.on('timeout', () => {
        timeouts++;
        outgoing.destroy(new Error('timed out'));
      });
      outgoing.on('error', () => {
        errors++;
        settle();
      });
      outgoing.end(body);
    };

    const tick = (): void => {
      const due = Math.min(total, Math.floor((performance.now() - started) / intervalMs) + 1);
      while (sent < due) {
        fire(started + sent * intervalMs);
        sent++;
      }
      if (sent < total) {
        setTimeout(tick, Math.max(0, started + sent * intervalMs - performance.now()));
      }
    };
    tick();
  });
}
