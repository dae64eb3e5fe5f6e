import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from '../infra';
import { type ReadRecord } from './topic-reader';

export interface TopicCollector {
  /** Every record read so far whose key was kept, in partition order. */
  readonly records: ReadRecord[];
  stop(): Promise<void>;
}

/**
 * Reads a topic from the beginning for as long as a spec runs, keeping the records whose key it
 * wants: one consumer group join for the whole spec instead of one per expectation.
 */
export async function collectTopic(
  brokers: readonly string[],
  topic: string,
  keep: (key: string) => boolean,
): Promise<TopicCollector> {
  const kafka = new Kafka({
    clientId: uniqueName('collector'),
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: uniqueName('collector'), maxWaitTimeInMs: 200 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      const key = message.key?.toString() ?? '';
      if (keep(key)) {
        records.push({
          key,
          value: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          ),
          partition,
          offset: Number(message.offset),
        });
      }
      return Promise.resolve();
    },
  });
  return { records, stop: () => consumer.disconnect() };
}
