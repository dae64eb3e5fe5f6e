/**
 * Faults to inject per endpoint (`POST /contents`, `PUT /interventions/:id/close`, or `*`), for
 * tests and demos of retries, back-off and reconciliation. Pure: randomness is injected.
 */
export interface FaultRule {
  endpoint: string;
  /** Share of calls answered `errorStatus` (default 500) instead of being applied. */
  errorRate?: number;
  errorStatus?: number;
  /** The next N calls get 429 `rate_limit_exceeded`. */
  rateLimitBurst?: number;
  latencyMs?: number;
  /** Never answer: the caller's timeout decides. */
  hang?: boolean;
  /** Apply the call, then cut the connection before the answer: the outcome is unknown to the caller. */
  dropAfterWrite?: boolean;
  /** The rule expires after this many calls. */
  remaining?: number;
}

export type FaultAction =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'error'; status: number; latencyMs: number }
  | { kind: 'rate_limited'; latencyMs: number }
  | { kind: 'hang' }
  | { kind: 'drop_after_write'; latencyMs: number };

export class FaultPlan {
  private readonly rules = new Map<string, FaultRule>();

  constructor(private readonly random: () => number = Math.random) {}

  set(rule: FaultRule): void {
    this.rules.set(rule.endpoint, { ...rule });
  }

  clear(): void {
    this.rules.clear();
  }

  list(): FaultRule[] {
    return [...this.rules.values()];
  }

  /** What to do with this call; consumes one use of the matching rule. */
  next(endpoint: string): FaultAction {
    const rule = this.rules.get(endpoint) ?? this.rules.get('*');
    if (!rule) {
      return { kind: 'none', latencyMs: 0 };
    }
    this.consume(rule);
    const latencyMs = rule.latencyMs ?? 0;
    if ((rule.rateLimitBurst ?? 0) > 0) {
      rule.rateLimitBurst = (rule.rateLimitBurst ?? 0) - 1;
      return { kind: 'rate_limited', latencyMs };
    }
    if (rule.hang) {
      return { kind: 'hang' };
    }
    if (rule.errorRate !== undefined && this.random() < rule.errorRate) {
      return { kind: 'error', status: rule.errorStatus ?? 500, latencyMs };
    }
    return rule.dropAfterWrite ? { kind: 'drop_after_write', latencyMs } : { kind: 'none', latencyMs };
  }

  private consume(rule: FaultRule): void {
    if (rule.remaining === undefined) {
      return;
    }
    rule.remaining -= 1;
    if (rule.remaining <= 0) {
      this.rules.delete(rule.endpoint);
    }
  }
}
