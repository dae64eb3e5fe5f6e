import { type IdGenerator, type PlatformEvent } from '../platform/platform.types';

export interface WebhookDeliveryOptions {
  url: string;
  verifyToken: string;
  /** Sent as X-Dimelo-Secret on every request, the verification included (ENGAGE_API.md §1.2). */
  secret?: string;
  domainId: string;
  maxEventsPerEnvelope: number;
  /** RCED's schedule (≈32 s, 4 min, 17 min, 52 min, 2 h), compressed for tests and demos. */
  retryDelaysMs: readonly number[];
  requestTimeoutMs?: number;
  /** Share of delivered envelopes whose events are delivered again in a new envelope (RCED may). */
  duplicateRate?: number;
  /** Deliver pending events in a shuffled order (RCED does not guarantee order). */
  outOfOrder?: boolean;
  /** Ids of events someone else delivers (a customer message imported with `deliver: false`). */
  handDelivered?: ReadonlySet<string>;
  random?: () => number;
}

export interface WebhookEnvelope {
  id: string;
  domain_id: string;
  events: PlatformEvent[];
}

export interface DeliveryRecord {
  envelopeId: string;
  eventIds: string[];
  attempt: number;
  status: number;
}

interface PendingRetry {
  envelope: WebhookEnvelope;
  attempt: number;
  dueAt: number;
}

const TICK_MS = 20;

/**
 * Delivers the platform's outbox to one webhook URL as RCED does: the GET verification handshake
 * first, then envelopes of events POSTed in order; anything but exactly 200 is retried on the
 * schedule with the same envelope and event ids, then dropped.
 */
export class WebhookDelivery {
  readonly deliveries: DeliveryRecord[] = [];
  private cursor = 0;
  private verified = false;
  private verifyAttempts = 0;
  private nextVerifyAt = 0;
  private readonly retries: PendingRetry[] = [];
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly outbox: readonly PlatformEvent[],
    private readonly ids: IdGenerator,
    private readonly options: WebhookDeliveryOptions,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.busy) {
      return;
    }
    this.busy = true;
    try {
      if (!this.verified && !(await this.verify())) {
        return;
      }
      await this.sendNew();
      await this.sendDueRetries();
    } finally {
      this.busy = false;
    }
  }

  private async verify(): Promise<boolean> {
    if (Date.now() < this.nextVerifyAt) {
      return false;
    }
    const challenge = this.ids.next();
    const query = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.challenge': challenge,
      'hub.verify_token': this.options.verifyToken,
    });
    const answer = await this.request('GET', `${this.options.url}?${query.toString()}`);
    this.verified = answer.status === 200 && answer.body.trim() === challenge;
    if (!this.verified) {
      this.nextVerifyAt = Date.now() + this.delay(this.verifyAttempts++);
    }
    return this.verified;
  }

  private async sendNew(): Promise<void> {
    const handDelivered = this.options.handDelivered;
    const fresh = this.outbox.slice(this.cursor);
    this.cursor += fresh.length;
    const pending = handDelivered ? fresh.filter((event) => !handDelivered.has(event.id)) : fresh;
    const ordered = this.options.outOfOrder ? shuffled(pending, this.random) : pending;
    for (let start = 0; start < ordered.length; start += this.options.maxEventsPerEnvelope) {
      const events = ordered.slice(start, start + this.options.maxEventsPerEnvelope);
      await this.send({ id: this.ids.next(), domain_id: this.options.domainId, events }, 0);
      if (this.random() < (this.options.duplicateRate ?? 0)) {
        await this.send({ id: this.ids.next(), domain_id: this.options.domainId, events }, 0);
      }
    }
  }

  private get random(): () => number {
    return this.options.random ?? Math.random;
  }

  private async sendDueRetries(): Promise<void> {
    const now = Date.now();
    const due = this.retries.filter((retry) => retry.dueAt <= now);
    for (const retry of due) {
      this.retries.splice(this.retries.indexOf(retry), 1);
      await this.send(retry.envelope, retry.attempt);
    }
  }

  private async send(envelope: WebhookEnvelope, attempt: number): Promise<void> {
    const { status } = await this.request('POST', this.options.url, JSON.stringify(envelope));
    this.deliveries.push({
      envelopeId: envelope.id,
      eventIds: envelope.events.map((e) => e.id),
      attempt,
      status,
    });
    if (status !== 200 && attempt < this.options.retryDelaysMs.length) {
      this.retries.push({ envelope, attempt: attempt + 1, dueAt: Date.now() + this.delay(attempt) });
    }
  }

  private delay(attempt: number): number {
    const delays = this.options.retryDelaysMs;
    return delays[Math.min(attempt, delays.length - 1)] ?? 1_000;
  }

  /** Status 0 stands for no answer at all (refused, reset, timed out): a failure like any non-200. */
  private async request(
    method: 'GET' | 'POST',
    url: string,
    body?: string,
  ): Promise<{ status: number; body: string }> {
    try {
      const response = await fetch(url, {
        method,
        body,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.options.secret === undefined ? {} : { 'x-dimelo-secret': this.options.secret }),
        },
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
      });
      return { status: response.status, body: await response.text() };
    } catch {
      return { status: 0, body: '' };
    }
  }
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
