import { performance } from 'node:perf_hooks';
import { CompressionTypes, type Kafka, type Message, Partitioners } from 'kafkajs';
import { type ConversationLog, type LogRecord } from './conversation-log.generator';

export interface TopicLoadOptions {
  /** Records per produce request (all three topics together). */
  readonly chunk: number;
  /** Produce requests awaiting their acknowledgement at once. */
  readonly inFlight: number;
}

export interface TopicLoadResult {
  readonly records: number;
  readonly perTopic: Record<string, number>;
  readonly threads: number;
  /** Record values only, UTF-8. */
  readonly valueBytes: number;
  readonly seconds: number;
  readonly recordsPerSec: number;
  readonly requests: number;
  readonly chunk: number;
  readonly inFlight: number;
}

/**
 * Writes the conversation log onto its topics as the apps' producers would (thread-id keys, murmur2
 * partitioning, acks=all, no compression, the same headers), but as fast as the broker takes it:
 * large batches, several requests in flight. Requests on one connection are answered in order, so
 * each thread's records keep their order within its partition.
 */
export async function loadTopics(
  kafka: Kafka,
  log: ConversationLog,
  options: TopicLoadOptions,
): Promise<TopicLoadResult> {
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  let failure: Error | undefined;
  let requests = 0;
  let records = 0;
  let buffer: LogRecord[] = [];
  let reported = started;

  const send = async (batch: readonly LogRecord[]): Promise<void> => {
    const byTopic = new Map<string, Message[]>();
    for (const record of batch) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ key: record.key, value: record.value, headers: record.headers });
      byTopic.set(record.topic, messages);
    }
    requests++;
    const request = producer
      .sendBatch({
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        acks: -1,
        compression: CompressionTypes.None,
      })
      .then(
        () => undefined,
        (error: unknown) => {
          failure ??= error instanceof Error ? error : new Error(String(error));
        },
      );
    pending.add(request);
    void request.finally(() => pending.delete(request));
    while (pending.size >= options.inFlight) {
      await Promise.race(pending);
    }
    if (failure !== undefined) {
      throw failure;
    }
  };

  try {
    for (const thread of log.records()) {
      buffer.push(...thread);
      records += thread.length;
      if (buffer.length >= options.chunk) {
        const batch = buffer;
        buffer = [];
        await send(batch);
      }
      if (performance.now() - reported > 5_000) {
        reported = performance.now();
        process.stderr.write(`  … ${records.toLocaleString('en-US')} records written\n`);
      }
    }
    if (buffer.length > 0) {
      await send(buffer);
    }
    await Promise.all(pending);
    if (failure !== undefined) {
      throw failure;
    }
  } finally {
    await producer.disconnect();
  }
  const seconds = (performance.now() - started) / 1_000;
  return {
    records,
    perTopic: { ...log.perTopic },
    threads: log.threads,
    valueBytes: log.bytes,
    seconds,
    recordsPerSec: records / seconds,
    requests,
    chunk: options.chunk,
    inFlight: options.inFlight,
  };
}
