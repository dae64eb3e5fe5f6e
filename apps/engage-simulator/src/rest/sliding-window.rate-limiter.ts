import { type Clock } from '../platform/platform.types';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimit {
  /** Calls allowed per token within any window. */
  limit: number;
  windowMs: number;
}

/**
 * RCED allows 500 requests per minute (ENGAGE_API.md §2.2): a rolling window per token. The window
 * is configurable so a test can say "50 calls per 2 s" instead of waiting a minute.
 */
export class SlidingWindowRateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly rate: RateLimit,
    private readonly clock: Clock,
  ) {}

  /** Counts the request if it is allowed; refused requests are not counted. */
  take(key: string): RateDecision {
    const now = this.clock().getTime();
    const { limit, windowMs } = this.rate;
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - windowMs);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      // Retry-After is in whole seconds: never less than 1, even for a sub-second window.
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + windowMs - now) / 1000)),
      };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true };
  }
}
