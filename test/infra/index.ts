// The one seam between tests (and `npm start`) and real infrastructure: callers never learn where
// Kafka and Postgres come from.
export {
  type InfraKind,
  type KafkaCredentials,
  type KafkaHandle,
  type PostgresHandle,
  type SecureKafkaHandle,
  type SecureKafkaListener,
  type SecureKafkaUsers,
} from './infra-handles';
export { startKafka, type StartKafkaOptions } from './kafka';
export { startPostgres } from './postgres';
export { createTestDatabase, type TestDatabase } from './test-database';
export { testKafkaBrokers } from './test-env';
export { uniqueName } from './unique-name.util';
export { pollUntil } from './poll-until.util';
export { useTestSchema } from './test-schema';
