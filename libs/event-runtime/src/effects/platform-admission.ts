import { CircuitBreaker, type CircuitState } from './circuit-breaker';

export interface PlatformAdmissionOptions {
  circuitFailureThreshold: number;
  circuitCooldownMs: number;
}

/**
 * Says whether platform calls may start as far as this process knows: the pause a 429 asks for and
 * the circuit breaker. (The quota shared by the deployment is PlatformQuota's.) The effect worker asks
 * before it claims, and tells it how each call ended; the platform client itself never waits nor
 * retries (one HTTP request per call).
 */
export class PlatformAdmission {
  private readonly circuit: CircuitBreaker;
  private pausedUntil = 0;

  constructor(
    options: PlatformAdmissionOptions,
    private readonly now: () => number,
  ) {
    this.circuit = new CircuitBreaker(options.circuitFailureThreshold, options.circuitCooldownMs, now);
  }

  /** How many runs may start now, at most `wanted`; when none may because of a 429, `retryInMs` says when to ask again. */
  admit(wanted: number): { count: number; retryInMs?: number } {
    const now = this.now();
    if (now < this.pausedUntil) {
      return { count: 0, retryInMs: this.pausedUntil - now };
    }
    return { count: this.circuit.admit(wanted) };
  }

  /** Runs started under `admit`. */
  started(runs: number): void {
    this.circuit.claimed(runs);
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
