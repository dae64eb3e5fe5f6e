import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { type HttpLoadResult } from '../lib/http-load';
import { runPacedLoad } from '../lib/paced-load';

/** An intent of apps/bot-responder/config/bot-rules.yaml, so every message gets a real answer. */
const BODY = "Bonjour, j'ai oublié mon mot de passe et je ne peux plus me connecter.";
const CONNECTIONS = 64;

export interface ScheduledMessage {
  readonly tag: string;
  /** Epoch ms at which the paced schedule due the message. */
  readonly dueAt: number;
  readonly measured: boolean;
}

/**
 * Customer messages, each opening a new thread, at an even pace through lib/paced-load. Each body
 * carries a tag so the platform's events tell which content a message became, and its due time is
 * the schedule's own (start + i / rate), not the moment it happened to go out.
 */
export class CustomerMessageLoad {
  readonly messages = new Map<string, ScheduledMessage>();
  private readonly runPrefix = randomBytes(3).toString('hex');
  private sequence = 0;

  constructor(private readonly simulatorUrl: string) {}

  warmUp(ratePerSec: number, durationSec: number): Promise<HttpLoadResult> {
    return this.run(ratePerSec, durationSec, false);
  }

  measure(ratePerSec: number, durationSec: number): Promise<HttpLoadResult> {
    return this.run(ratePerSec, durationSec, true);
  }

  private async run(ratePerSec: number, durationSec: number, measured: boolean): Promise<HttpLoadResult> {
    let startedAt: number | undefined;
    let index = 0;
    return runPacedLoad({
      url: `${this.simulatorUrl}/_control/customer-messages`,
      ratePerSec,
      durationSec,
      connections: CONNECTIONS,
      headers: { 'content-type': 'application/json' },
      // paced-load asks for body i right as request i goes out, the first one at its own start.
      nextBody: () => {
        startedAt ??= performance.timeOrigin + performance.now();
        const tag = `${this.runPrefix}-${this.sequence++}`;
        this.messages.set(tag, { tag, dueAt: startedAt + (index++ * 1_000) / ratePerSec, measured });
        return JSON.stringify({ source_id: WALKTHROUGH.sourceId, body: `${BODY} [bench ${tag}]` });
      },
    });
  }
}

export function tagOf(body: unknown): string | undefined {
  return typeof body === 'string' ? /\[bench ([0-9a-f]+-\d+)\]$/.exec(body)?.[1] : undefined;
}
