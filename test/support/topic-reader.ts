import { Kafka, logLevel } from 'kafkajs';
import { pollUntil, uniqueName } from '../infra';

export interface ReadRecord {
  key: string;
  /** Parsed JSON, or the raw string when the value is not JSON. */
  value: Record<string, unknown>;
  headers: Record<string, string>;
  partition: number;
  offset: number;
}

/**
 * Reads a topic from the beginning, with a fresh consumer group, until `isComplete` holds for
 * what was read. Tests share topics on one broker, so they look for their own unique ids.
 */
export async function readTopicUntil(
  brokers: readonly string[],
  topic: string,
  isComplete: (records: readonly ReadRecord[]) => boolean,
  timeoutMs = 20_000,
): Promise<ReadRecord[]> {
  const kafka = new Kafka({
    clientId: uniqueName('topic-reader'),
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  });
  // A short fetch wait: disconnect() waits for the fetch in flight, 5 s by default.
  const consumer = kafka.consumer({ groupId: uniqueName('topic-reader'), maxWaitTimeInMs: 200 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        records.push({
          key: message.key?.toString() ?? '',
          value: parseValue(message.value?.toString() ?? ''),
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          ),
          partition,
          offset: Number(message.offset),
        });
        return Promise.resolve();
      },
    });
    await pollUntil(() => isComplete(records), {
      timeoutMs,
      description: `records on ${topic} matching the expectation (read ${records.length})`,
    });
    return records;
  } finally {
    await consumer.disconnect();
  }
}

/** Records whose event id (header) is one of `eventIds`. */
export function withEventIds(records: readonly ReadRecord[], eventIds: readonly string[]): ReadRecord[] {
  return records.filter((record) => eventIds.includes(record.headers['event-id']));
}

function parseValue(raw: string): Record<string, unknown> {
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { raw };
  }
}
