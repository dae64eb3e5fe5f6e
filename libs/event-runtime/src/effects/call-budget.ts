/** A platform quota as our side spends it: at most `calls` in any `windowMs` (sliding). */
export interface CallBudgetLimit {
  calls: number;
  windowMs: number;
}

/** One call's hold on the budget, from its start until a window after it ended. */
export interface CallSlot {
  endedAt: number;
}

/**
 * Keeps an app under its share of the RCED quota (500 requests/min per platform) instead of
 * learning about it from 429s: the emergency handover of a thousand threads is paced, not refused.
 * A slot is held from the call's start until one window after its END: the platform counts a call
 * when it arrives, somewhere between the two, so counting from the start alone lets arrivals bunch
 * up past the quota when latency varies.
 */
export class CallBudget {
  private slots: CallSlot[] = [];

  constructor(private readonly limit: CallBudgetLimit) {}

  /** How many calls may start at `nowMs`. */
  available(nowMs: number): number {
    this.forget(nowMs);
    return Math.max(0, this.limit.calls - this.slots.length);
  }

  /** Takes `count` slots for calls starting now; give each back with `end` when its call is over. */
  spend(count: number): CallSlot[] {
    const taken = Array.from({ length: count }, () => ({ endedAt: Infinity }));
    this.slots.push(...taken);
    return taken;
  }

  end(slot: CallSlot, nowMs: number): void {
    slot.endedAt = Math.min(slot.endedAt, nowMs);
  }

  /** When the next call may start (`nowMs` if one may now; undefined while every slot is in flight). */
  nextStartAt(nowMs: number): number | undefined {
    if (this.available(nowMs) > 0) {
      return nowMs;
    }
    const ended = this.slots.map((slot) => slot.endedAt).filter((at) => Number.isFinite(at));
    return ended.length === 0 ? undefined : Math.min(...ended) + this.limit.windowMs;
  }

  private forget(nowMs: number): void {
    this.slots = this.slots.filter((slot) => slot.endedAt > nowMs - this.limit.windowMs);
  }
}
