export { discardEffect, retryEffect } from './effect-actions';
export {
  type EffectDetails,
  type EffectFilter,
  type EffectOpsStatus,
  type EffectSummary,
  listFailedEffects,
  showEffect,
} from './failed-effects';
export { KafkaRecordLog, type KafkaRecordLogOptions } from './kafka-record-log';
export { type AuditEntry, type OpsAction, type OpsRequest, type OpsTargetKind } from './ops-audit';
export { OperationError, OperationErrorCode } from './operation.exception';
export {
  EffectListQuery,
  effectFilterOf,
  OPS_LIST_DEFAULT_LIMIT,
  OPS_LIST_MAX_LIMIT,
  ParkedListQuery,
  parkedFilterOf,
  readOpsQuery,
} from './ops-list-query.dto';
export { type OpsSummary, summarizeOperations } from './ops-summary';
export { type OpsScope } from './ops-scope';
export {
  discardParkedRecord,
  RETRY_OF_HEADER,
  retryParkedRecord,
  type RetryParkedOptions,
} from './parked-actions';
export { parseParkedKey, type ParkedKey } from './parked-key.util';
export {
  listParkedRecords,
  type ParkedFilter,
  type ParkedRecordDetails,
  type ParkedRecordView,
  type ParkedState,
  showParkedRecord,
} from './parked-records';
export { type LoggedRecord, type RecordCoordinates, type RecordLog } from './record-log';
