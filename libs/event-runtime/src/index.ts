export { BatchedConsumer, type BatchedConsumerOptions } from './consumer/batched-consumer';
export { type ConsumedRecord } from './consumer/consumed-record';
export { EventDispatcher } from './consumer/event-dispatcher';
export { type AnyEventHandler, type EventContext, type EventHandler } from './consumer/event-handler';
export { type BackgroundJob, PeriodicJob } from './runtime/background-job';
export {
  type AppHandlers,
  consumedTopics,
  EventRuntime,
  type EventRuntimeSpec,
  handlersFor,
  openPlatformQuota,
  openRuntimeDataSource,
  type RunOptions,
  type RuntimeMode,
} from './runtime/event-runtime';
export { startConsuming } from './runtime/start-consuming';
export { DEAD_LETTER_HEADERS } from './consumer/dead-letter';
export { storableEventId, storableText } from './consumer/storable-text.util';
export { type TransactionWrites } from './database/transaction-writes';
export { queryWithPending, WriteBehind, writeBlind } from './database/write-behind';
export {
  appDataSource,
  type AppDataSourceOptions,
  DATA_SOURCE,
  openAppDataSource,
} from './database/app-data-source';
export * from './effects';
export { OutboxRelay, type OutboxRelayOptions, type PublishRecords } from './outbox/outbox-relay';
export { appendToOutbox } from './outbox/outbox.writer';
export * from './runtime-schema';
export { compareSchemas, type TableDifference } from './replay/compare-schemas';
export { endOffsets, lagging } from './replay/replay-progress';
export { type BatchOutcome } from './consumer/partition-batch.applier';
export { BatchScope } from './consumer/batch-scope';
export {
  replayProjection,
  type ReplayOptions,
  type ReplayReport,
  type ReplayTarget,
} from './replay/replay-projection';
export {
  type JanitorReport,
  RuntimeJanitor,
  type RuntimeJanitorOptions,
} from './maintenance/runtime-janitor';
export { ConsumerAppEnv, EffectAppEnv } from './consumer-app.env';
export { ConsumerMetrics } from './consumer-metrics';
export { runApp, type RunAppOptions } from './run-app';
export { RuntimeHealthHttpController } from './runtime/runtime-health.http.controller';
export { KafkaPostgresHealthHttpController, postgresHealth } from './runtime/postgres-health';
export * from './operations';
export { mountOpsAdminApi, opsAdminControllers } from './ops-api/ops-admin-api';
export { OpsAdminHttpController } from './ops-api/ops-admin.http.controller';
