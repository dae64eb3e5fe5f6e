import { type CallBudgetLimit } from './call-budget';

export interface EffectWorkerOptions {
  /** Effects in flight at once, never two of one sequence key. */
  concurrency?: number;
  pollIntervalMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claimed attempt is left alone before another worker may take it over (after a crash). */
  leaseMs?: number;
  circuitFailureThreshold?: number;
  circuitCooldownMs?: number;
  /** This app's share of the platform quota; unset, only 429s slow the worker down. */
  callBudget?: CallBudgetLimit | null;
}

export const DEFAULT_EFFECT_WORKER_OPTIONS: Required<EffectWorkerOptions> = {
  concurrency: 8,
  pollIntervalMs: 500,
  maxAttempts: 8,
  baseDelayMs: 200,
  maxDelayMs: 30_000,
  leaseMs: 30_000,
  circuitFailureThreshold: 5,
  circuitCooldownMs: 10_000,
  callBudget: null,
};

export interface EffectWorkerLogger {
  log(message: string, context?: object): void;
  warn(message: string, context?: object): void;
  error(message: string, context?: object): void;
}

export interface EffectWorkerDeps {
  now?: () => Date;
  random?: () => number;
  logger?: EffectWorkerLogger;
  /** Every attempt's end (`lost`: it could not be recorded; the lease will bring it back). */
  onSettled?: (kind: string, settlement: 'done' | 'failed' | 'retry' | 'lost', seconds: number) => void;
}
