export { type CircuitState } from './circuit-breaker';
export { type EffectExecutor, type EffectFailure, type EffectToRun } from './effect-executor';
export { EffectWorker } from './effect-worker';
export {
  DEFAULT_EFFECT_WORKER_OPTIONS,
  type EffectWorkerDeps,
  type EffectWorkerLogger,
  type EffectWorkerOptions,
} from './effect-worker-options';
export { recordEffects, type EffectIntent } from './record-effects.util';
export {
  type CallPriority,
  PlatformQuota,
  type PlatformQuotaOptions,
  type QuotaGrant,
  quotaHolder,
  type QuotaUsage,
} from '../quota/platform-quota';
export { registerQuotaGauges } from '../quota/quota-gauges';
