export { CoalescingPublisher, type CoalescingPublisherOptions } from './coalescing-publisher';
export { KafkaAdminService } from './kafka-admin.service';
export { createKafkaClient, type KafkaClientOptions } from './kafka-client.factory';
export { KafkaEnv } from './kafka.env';
export { KafkaPublishError, KafkaPublishErrorCode } from './kafka.exception';
export { KafkaHealthIndicator } from './kafka.health';
export { KafkaModule, type KafkaModuleAsyncOptions } from './kafka.module';
export { type KafkaModuleOptions } from './kafka-module-options';
export { KafkaProducerService } from './kafka-producer.service';
export { MAX_BATCH_BYTES, type OutgoingRecord, recordBytes } from './outgoing-record';
export { provisionTopics, type ProvisionReport } from './topic-provisioner';
export { BatchedKafkaServer, type BatchedKafkaServerOptions } from './consumer/batched-kafka.server';
export { type ConsumedRecord } from './consumer/consumed-record';
export { ConsumedRecordContext } from './consumer/consumed-record.context';
export { DEAD_LETTER_HEADERS } from './consumer/dead-letter';
export { storableEventId, storableText } from './consumer/storable-text.util';
export { markEventHandled } from './consumer/mark-event-handled.util';
export { RethrowRpcExceptionFilter } from './consumer/rethrow-rpc-exception.filter';
export { type TransactionWrites } from './database/transaction-writes';
export { appDataSource, type AppDataSourceOptions, openAppDataSource } from './database/app-data-source';
export * from './effects';
export { OutboxRelay, type OutboxRelayOptions, type PublishRecords } from './outbox/outbox-relay';
export { appendToOutbox } from './outbox/outbox.writer';
export * from './runtime-schema';
export { KAFKA_CLIENT } from './kafka-module-options';
export { compareSchemas, type TableDifference } from './replay/compare-schemas';
export { endOffsets, lagging } from './replay/replay-progress';
export { KafkaController } from './consumer/kafka-controller.decorator';
export { type BatchOutcome } from './consumer/partition-batch.applier';
export { BatchScope } from './consumer/batch-scope';
export { KafkaHealthHttpController } from './kafka-health.http.controller';
export { InvalidRecordError, parseEngageEvent, parseRecordValue } from './consumer/parse-record-value.util';
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
