/** A platform quota as our side spends it: at most `calls` starts in any `windowMs` (sliding). */
export interface CallBudgetLimit {
  calls: number;
  windowMs: number;
}

/**
 * Keeps an app under its share of the RCED quota (500 requests/min per platform) instead of
 * learning about it from 429s: the emergency handover of a thousand threads is paced, not refused.
 */
export class CallBudget {
  private readonly starts: number[] = [];

  constructor(private readonly limit: CallBudgetLimit) {}

  /** How many calls may start at `nowMs`. */
  available(nowMs: number): number {
    this.forget(nowMs);
    return Math.max(0, this.limit.calls - this.starts.length);
  }

  spend(count: number, nowMs: number): void {
    for (let i = 0; i < count; i += 1) {
      this.starts.push(nowMs);
    }
  }

  /** When the next call may start (`nowMs` if one may now). */
  nextStartAt(nowMs: number): number {
    this.forget(nowMs);
    if (this.starts.length < this.limit.calls) {
      return nowMs;
    }
    return this.starts[this.starts.length - this.limit.calls] + this.limit.windowMs;
  }

  private forget(nowMs: number): void {
    let expired = 0;
    while (expired < this.starts.length && this.starts[expired] <= nowMs - this.limit.windowMs) {
      expired += 1;
    }
    if (expired > 0) {
      this.starts.splice(0, expired);
    }
  }
}
