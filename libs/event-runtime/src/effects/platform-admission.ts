import { CallBudget, type CallBudgetLimit, type CallSlot } from './call-budget';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';

export interface PlatformAdmissionOptions {
  circuitFailureThreshold: number;
  circuitCooldownMs: number;
  /** This app's share of the platform quota; null: only 429s slow calls down. */
  callBudget: CallBudgetLimit | null;
}

/**
 * The one place that says whether platform calls may start: the pause a 429 asks for, this app's
 * call budget and the circuit breaker. The effect worker asks before it claims, and tells it how
 * each call ended; the platform client itself never waits nor retries (one HTTP request per call).
 */
export class PlatformAdmission {
  private readonly circuit: CircuitBreaker;
  private readonly budget: CallBudget | undefined;
  private readonly held = new Map<string, CallSlot[]>();
  private pausedUntil = 0;

  constructor(
    options: PlatformAdmissionOptions,
    private readonly now: () => number,
  ) {
    this.circuit = new CircuitBreaker(options.circuitFailureThreshold, options.circuitCooldownMs, now);
    this.budget = options.callBudget ? new CallBudget(options.callBudget) : undefined;
  }

  /**
   * How many runs may start now, at most `wanted`, each making up to `callsPerRun` calls; when none
   * may because of the pause or the budget, `retryInMs` says when to ask again.
   */
  admit(wanted: number, callsPerRun: number): { count: number; retryInMs?: number } {
    const now = this.now();
    if (now < this.pausedUntil) {
      return { count: 0, retryInMs: this.pausedUntil - now };
    }
    const budgeted = this.budget ? Math.floor(this.budget.available(now) / callsPerRun) : Infinity;
    const count = this.circuit.admit(Math.min(wanted, budgeted));
    if (count === 0 && budgeted === 0) {
      const nextStart = this.budget?.nextStartAt(now);
      return { count, retryInMs: nextStart === undefined ? undefined : Math.max(1, nextStart - now) };
    }
    return { count };
  }

  /** Runs started under `admit`: their calls hold the budget until `ended`. */
  started(runs: ReadonlyArray<{ id: string; calls: number }>): void {
    this.circuit.claimed(runs.length);
    for (const run of runs) {
      if (this.budget) {
        this.held.set(run.id, this.budget.spend(run.calls));
      }
    }
  }

  ended(id: string): void {
    const endedAt = this.now();
    for (const slot of this.held.get(id) ?? []) {
      this.budget?.end(slot, endedAt);
    }
    this.held.delete(id);
  }

  /** The platform answered (a success, or a refusal that proves it is up). */
  answered(): void {
    this.circuit.recordSuccess();
  }

  /** Nothing was learnt about the platform (no call was made). */
  neutral(): void {
    this.circuit.recordNeutral();
  }

  /** A retriable failure; a 429's Retry-After pauses every call. True when it opened the circuit. */
  failed(retryAfterMs?: number): boolean {
    if (retryAfterMs !== undefined) {
      this.pausedUntil = Math.max(this.pausedUntil, this.now() + retryAfterMs);
    }
    return this.circuit.recordFailure();
  }

  circuitState(): CircuitState {
    return this.circuit.state();
  }
}
