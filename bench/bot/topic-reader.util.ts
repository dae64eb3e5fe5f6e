import { type Admin, type EachBatchPayload, type Kafka } from 'kafkajs';

/** Per `topic/partition`, the offset a reader must reach: the high-water mark when it was taken. */
export type EndOffsets = Record<string, number>;

export async function endOffsetsOf(admin: Admin, topics: readonly string[]): Promise<EndOffsets> {
  const ends: EndOffsets = {};
  for (const topic of topics) {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
      ends[`${topic}/${partition}`] = Number(high);
    }
  }
  return ends;
}

export function recordsBefore(ends: EndOffsets): number {
  return Object.values(ends).reduce((sum, end) => sum + end, 0);
}

/**
 * A fresh consumer group reads the topics from the beginning with eachBatch until every partition
 * reached its end offset; resolves with the records seen. The group is deleted afterwards.
 */
export async function readToEnd(
  kafka: Kafka,
  ends: EndOffsets,
  onBatch: (batch: EachBatchPayload['batch']) => void | Promise<void> = () => undefined,
): Promise<{ records: number }> {
  const topics = [...new Set(Object.keys(ends).map((key) => key.slice(0, key.lastIndexOf('/'))))];
  const groupId = `bench-reader-${Date.now()}-${Math.random().toString(16).slice(2, 8)}`;
  const consumer = kafka.consumer({ groupId });
  const reached: Record<string, number> = {};
  let records = 0;
  const done = (): boolean =>
    Object.entries(ends).every(([key, end]) => end === 0 || (reached[key] ?? 0) >= end);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      if (done()) {
        resolve();
        return;
      }
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      void consumer
        .run({
          eachBatch: async ({ batch }) => {
            await onBatch(batch);
            const key = `${batch.topic}/${batch.partition}`;
            // Batches may run past the end offset: only what was there when it was taken counts.
            const end = ends[key] ?? 0;
            records += batch.messages.filter((message) => Number(message.offset) < end).length;
            reached[key] = Math.max(reached[key] ?? 0, Number(batch.lastOffset()) + 1);
            if (done()) {
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return { records };
}
