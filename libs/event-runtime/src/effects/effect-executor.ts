import { EntityManager } from 'typeorm';

export interface EffectToRun<P = Record<string, unknown>> {
  id: string;
  kind: string;
  sequenceKey: string;
  payload: P;
  /** Counts the attempt now running. */
  attempts: number;
  /** A previous attempt may have been applied by the platform. */
  outcomeUnknown: boolean;
}

export interface EffectFailure {
  code: string;
  message: string;
  status?: number;
  attempts: number;
}

// `any` payload by default so executors with their own payload type fit one registry.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface EffectExecutor<P = any, R extends Record<string, unknown> = Record<string, unknown>> {
  readonly kind: string;
  /** The platform calls one run makes at most (a read before a write…): what it spends of the call budget. Default 1. */
  readonly callsPerRun?: number;
  execute(effect: EffectToRun<P>): Promise<R>;
  /** Only called when a previous attempt's outcome is unknown: the result if the platform did apply it, else undefined. */
  reconcile?(effect: EffectToRun<P>): Promise<R | undefined>;
  /** Same transaction that marks the effect done: follow-up writes (outbox rows, next effects). */
  onDone?(manager: EntityManager, effect: EffectToRun<P>, result: R): Promise<void>;
  /** Same transaction that marks it failed for good. */
  onFailed?(manager: EntityManager, effect: EffectToRun<P>, failure: EffectFailure): Promise<void>;
}
