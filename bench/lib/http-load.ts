import { createRequire } from 'node:module';
import { type EventEmitter } from 'node:events';
import { LatencyRecorder, type LatencySummary } from './latency-stats';

// autocannon ships no type declarations; this is the part of its programmatic API the bench uses.
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
  onResponse?: (status: number, body: string) => void;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  timeout?: number;
  requests: AutocannonRequest[];
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

interface AutocannonInstance extends EventEmitter {
  stop(): void;
}

type Autocannon = (
  options: AutocannonOptions,
  done: (error: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(__filename)('autocannon') as Autocannon;

export interface HttpLoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSec: number;
  /** Requests per second over all connections; unset: as fast as the server answers. */
  readonly overallRate?: number;
  readonly headers: Record<string, string>;
  /** A fresh body for every request (unique ids). */
  readonly nextBody: () => string;
}

export interface HttpLoadResult {
  readonly durationSec: number;
  readonly ok: number;
  readonly okPerSec: number;
  readonly non200: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCounts: Record<string, number>;
  /** The first answer other than 200, to tell why a server refused. */
  readonly firstRefusal?: string;
  /** Latency of the 200 answers only. */
  readonly latency: LatencySummary;
}

/**
 * POSTs with autocannon and records every 200's latency itself: autocannon's histogram rounds to 1 ms,
 * and with a rate set it back-fills phantom samples assuming ceil(1 / per-connection rate) = 1 ms
 * between requests, which inflates the percentiles it reports.
 */
export function runHttpLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const latencies = new LatencyRecorder();
  let firstRefusal: string | undefined;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSec,
        overallRate: options.overallRate,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            headers: options.headers,
            setupRequest: (request) => {
              request.body = options.nextBody();
              return request;
            },
            onResponse: (status, body) => {
              if (status !== 200) {
                firstRefusal ??= `${status} ${body.slice(0, 300)}`;
              }
            },
          },
        ],
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const statusCounts = Object.fromEntries(
          Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
        );
        const ok = statusCounts['200'] ?? 0;
        const answered = Object.values(statusCounts).reduce((sum, count) => sum + count, 0);
        resolve({
          durationSec: result.duration,
          ok,
          okPerSec: ok / result.duration,
          non200: answered - ok,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCounts,
          firstRefusal,
          latency: latencies.summary(),
        });
      },
    );
    instance.on(
      'response',
      (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
        if (statusCode === 200) {
          latencies.record(responseTimeMs);
        }
      },
    );
  });
}
