import { type Kafka } from 'kafkajs';
import { type DataSource } from 'typeorm';

/** Where each partition ends now: replay is done when its checkpoints reach these offsets. */
export async function endOffsets(kafka: Kafka, topics: readonly string[]): Promise<Map<string, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, bigint>();
    for (const topic of topics) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
        ends.set(`${topic}/${partition}`, BigInt(high));
      }
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/** Partitions whose checkpoint has not reached its end offset yet (empty partitions never lag). */
export async function lagging(
  dataSource: DataSource,
  consumer: string,
  ends: ReadonlyMap<string, bigint>,
): Promise<string[]> {
  const rows: Array<{ topic: string; partition: number; next_offset: string }> = await dataSource.query(
    `SELECT topic, partition, next_offset FROM consumer_checkpoint WHERE consumer = $1`,
    [consumer],
  );
  const reached = new Map(rows.map((row) => [`${row.topic}/${row.partition}`, BigInt(row.next_offset)]));
  return [...ends].filter(([key, end]) => end > 0n && (reached.get(key) ?? 0n) < end).map(([key]) => key);
}
