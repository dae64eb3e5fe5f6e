import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { type KafkaConnection } from './kafka-connection';

export interface KafkaClientOptions extends KafkaConnection {
  /** Upper bound for one request to a broker; keeps a dead broker from pinning a send for 30 s. */
  requestTimeoutMs?: number;
}

export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const logger = new Logger(`kafkajs:${options.clientId}`);
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...(options.ssl ? { ssl: options.ssl } : {}),
    ...(options.sasl ? { sasl: options.sasl } : {}),
    connectionTimeout: 3_000,
    requestTimeout: options.requestTimeoutMs ?? 10_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => logKafkaEntry(logger, entry),
  });
}

/**
 * kafkajs warns that bounded retries may break idempotence; CoalescingPublisher replaces the
 * producer after any failed send, which is what keeps it safe, so the warning is noise.
 */
const EXPECTED_WARNINGS = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

/** Broker answers kafkajs retries by itself (e.g. right after a broker starts): not errors for us. */
const TRANSIENT = /coordinator is loading|coordinator is not available|no leader for this topic-partition/i;

function logKafkaEntry(logger: Logger, { level, log }: LogEntry): void {
  const { message, ...context } = log;
  if (EXPECTED_WARNINGS.has(message)) {
    return;
  }
  // Its own fields in the JSON log (nestjs-pino), queryable: broker, clientId, error…
  const record = { msg: message, ...context };
  const transient = typeof context.error === 'string' && TRANSIENT.test(context.error);
  if (level <= logLevel.ERROR && !transient) {
    logger.error(record);
  } else {
    logger.warn(record);
  }
}
