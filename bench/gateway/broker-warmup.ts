import { performance } from 'node:perf_hooks';
import { type Admin, CompressionTypes, Partitioners } from 'kafkajs';
import { TOPICS } from '../../libs/contracts/src';
import { uniqueName } from '../../test/infra';
import { benchKafkaClient } from '../lib/kafka-client';
import { ContentImportedFixture } from './content-imported.fixture';
import { createBenchTopic } from './topic-records.util';

const BATCH_RECORDS = 32;

/**
 * A freshly started broker runs interpreted until its JIT has compiled the produce path, which takes
 * some ten seconds of load here: measured unwarmed, whichever run comes first pays for it (baseline
 * (b) ran at a quarter of its warm rate). Both write patterns of the bench are exercised: many
 * single-record sends, and idempotent batches like the gateway's.
 */
export async function warmUpBroker(options: {
  admin: Admin;
  brokers: string[];
  concurrency: number;
  seconds: number;
}): Promise<{ records: number }> {
  const topic = uniqueName('bench.warm-up');
  await createBenchTopic(options.admin, topic, TOPICS.engageEvents.partitions);
  const kafka = benchKafkaClient(options.brokers, 'bench-warm-up');
  const single = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const batched = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await Promise.all([single.connect(), batched.connect()]);
  const fixture = new ContentImportedFixture();
  const stopAt = performance.now() + options.seconds * 1_000;
  let records = 0;
  try {
    const singleLoop = async (): Promise<void> => {
      while (performance.now() < stopAt) {
        await single.send({ topic, acks: -1, messages: [fixture.nextRecord()] });
        records++;
      }
    };
    const batchLoop = async (): Promise<void> => {
      while (performance.now() < stopAt) {
        const messages = Array.from({ length: BATCH_RECORDS }, () => fixture.nextRecord());
        await batched.sendBatch({
          topicMessages: [{ topic, messages }],
          acks: -1,
          compression: CompressionTypes.None,
        });
        records += messages.length;
      }
    };
    await Promise.all([batchLoop(), ...Array.from({ length: options.concurrency }, singleLoop)]);
  } finally {
    await Promise.all([single.disconnect(), batched.disconnect()]);
    await options.admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  }
  return { records };
}
