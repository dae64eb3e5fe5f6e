export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * Stops claiming while the platform keeps failing: consecutive retriable failures across effects
 * open it; after the cooldown one trial runs (half-open), whose success closes it.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil: number | undefined;
  private trialInFlight = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number,
  ) {}

  state(): CircuitState {
    if (this.openUntil === undefined) {
      return 'closed';
    }
    return this.now() < this.openUntil ? 'open' : 'half_open';
  }

  /** How many effects may be claimed now, at most `wanted`. */
  admit(wanted: number): number {
    switch (this.state()) {
      case 'closed':
        return wanted;
      case 'open':
        return 0;
      case 'half_open':
        return this.trialInFlight ? 0 : Math.min(1, wanted);
    }
  }

  /** Called with the number actually claimed under `admit`. */
  claimed(count: number): void {
    if (count > 0 && this.state() === 'half_open') {
      this.trialInFlight = true;
    }
  }

  /** The platform answered (success, or a refusal that proves it is up). */
  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openUntil = undefined;
    this.trialInFlight = false;
  }

  /** Returns true when this failure opened the circuit. */
  recordFailure(): boolean {
    this.consecutiveFailures += 1;
    const state = this.state();
    this.trialInFlight = false;
    if (state === 'half_open' || (state === 'closed' && this.consecutiveFailures >= this.threshold)) {
      this.openUntil = this.now() + this.cooldownMs;
      return true;
    }
    return false;
  }

  /** An attempt that said nothing about the platform (no executor): let another trial run. */
  recordNeutral(): void {
    this.trialInFlight = false;
  }
}
