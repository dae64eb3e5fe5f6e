import { randomUUID } from 'node:crypto';
import { type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { type LoggedRecord, type RecordCoordinates, type RecordLog } from './record-log';

export interface KafkaRecordLogOptions {
  /** Prefix of the throwaway consumer group a read joins (it commits nothing). */
  groupIdPrefix: string;
  readTimeoutMs?: number;
}

/**
 * Reads one record by its coordinates and publishes records again. kafkajs has no consumer without
 * a group, so a read joins a group of its own, seeks to the offset and leaves.
 */
export class KafkaRecordLog implements RecordLog {
  private producer: Producer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: KafkaRecordLogOptions,
  ) {}

  async read(at: RecordCoordinates): Promise<LoggedRecord | undefined> {
    if (!(await this.holds(at))) {
      return undefined;
    }
    const groupId = `${this.options.groupIdPrefix}-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
    await consumer.connect();
    try {
      return await new Promise<LoggedRecord | undefined>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${at.topic}/${at.partition}@${at.offset} was not read in time`)),
          this.options.readTimeoutMs ?? 30_000,
        );
        const found = (record: LoggedRecord | undefined): void => {
          clearTimeout(timer);
          resolve(record);
        };
        consumer
          .subscribe({ topic: at.topic, fromBeginning: false })
          .then(() =>
            consumer.run({
              autoCommit: false,
              eachBatch: ({ batch }) => {
                if (batch.partition === at.partition) {
                  const wanted = BigInt(at.offset);
                  const message = batch.messages.find((m) => BigInt(m.offset) === wanted);
                  if (message) {
                    found(loggedRecord(at, message));
                  } else if (batch.messages.some((m) => BigInt(m.offset) > wanted)) {
                    found(undefined); // Not a data record (a transaction marker): nothing to read.
                  }
                }
                return Promise.resolve();
              },
            }),
          )
          .then(() => consumer.seek({ topic: at.topic, partition: at.partition, offset: at.offset }))
          .catch((error: unknown) => {
            clearTimeout(timer);
            reject(error instanceof Error ? error : new Error(String(error)));
          });
      });
    } finally {
      await consumer.disconnect();
      await this.forget(groupId);
    }
  }

  async publish(record: Omit<LoggedRecord, 'offset' | 'timestamp'>): Promise<RecordCoordinates> {
    this.producer ??= this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    const [sent] = await this.producer.send({
      topic: record.topic,
      acks: -1,
      messages: [
        { partition: record.partition, key: record.key, value: record.value, headers: record.headers },
      ],
    });
    return { topic: record.topic, partition: sent.partition, offset: sent.baseOffset ?? '' };
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }

  /** The group committed nothing; Kafka would drop it later, this only spares listing it meanwhile. */
  private async forget(groupId: string): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([groupId]);
    } catch {
      // Best effort.
    } finally {
      await admin.disconnect();
    }
  }

  /** Whether the offset is between the partition's oldest record and its end. */
  private async holds(at: RecordCoordinates): Promise<boolean> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(at.topic);
      const partition = offsets.find((p) => p.partition === at.partition);
      const wanted = BigInt(at.offset);
      return partition !== undefined && wanted >= BigInt(partition.low) && wanted < BigInt(partition.high);
    } finally {
      await admin.disconnect();
    }
  }
}

function loggedRecord(at: RecordCoordinates, message: KafkaMessage): LoggedRecord {
  return {
    ...at,
    key: message.key,
    value: message.value,
    headers: message.headers ?? {},
    timestamp: message.timestamp,
  };
}
