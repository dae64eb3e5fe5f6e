import { type TransactionWrites } from '../database/transaction-writes';
import { type PlatformQuota } from '../quota/platform-quota';
import { type KindFilter } from './effect-store';

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
  /** The kinds this worker claims (default: all). An executor's kind must be among them. */
  kinds?: KindFilter;
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
  kinds: { except: [] },
};

export interface EffectWorkerLogger {
  log(message: string, context?: object): void;
  warn(message: string, context?: object): void;
  error(message: string, context?: object): void;
}

export interface EffectWorkerDeps {
  now?: () => Date;
  /** The platform's quota shared by every app and replica; unset, only 429s slow the worker down. */
  quota?: PlatformQuota;
  random?: () => number;
  logger?: EffectWorkerLogger;
  /** Every attempt's end (`lost`: it could not be recorded; the lease will bring it back). */
  onSettled?: (kind: string, settlement: 'done' | 'failed' | 'retry' | 'lost', seconds: number) => void;
  /**
   * Committed work for others: a settlement's follow-up writes (outbox rows, new effects), or an end
   * that lets a later effect of its sequence run, which may be another worker's kind.
   */
  afterCommit?: (wrote: TransactionWrites) => void;
}
