import { Kafka, logLevel } from 'kafkajs';

/** The same client settings as libs/kafka/src/kafka-client.factory.ts, so baselines differ only in how they produce. */
export function benchKafkaClient(brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
    // Failures surface as exceptions with their cause; the client's own retry chatter would bury the report.
    logLevel: logLevel.NOTHING,
  });
}
