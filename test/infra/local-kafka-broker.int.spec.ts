import { existsSync } from 'node:fs';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { kafkaAnswers } from './kafka-readiness';
import { LocalKafkaBroker } from './local-kafka-broker';
import { pollUntil } from './poll-until.util';
import { uniqueName } from './unique-name.util';

function kafkaClient(brokers: string[]): Kafka {
  return new Kafka({ clientId: uniqueName('infra-spec'), brokers, logLevel: logLevel.NOTHING });
}

async function createTopicWithRecord(brokers: string[], value: string): Promise<string> {
  const kafka = kafkaClient(brokers);
  const topic = uniqueName('infra-spec');
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await admin.connect();
  await producer.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
  return topic;
}

async function readValues(brokers: string[], topic: string, expected: number): Promise<string[]> {
  // A short fetch long-poll: disconnect() waits for the one in flight.
  const consumer = kafkaClient(brokers).consumer({ groupId: uniqueName('infra-spec'), maxWaitTimeInMs: 200 });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        values.push(message.value?.toString() ?? '');
        return Promise.resolve();
      },
    });
    await pollUntil(() => values.length >= expected, {
      timeoutMs: 30_000,
      description: `${expected} record(s) on ${topic}`,
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}

async function listTopics(brokers: string[]): Promise<string[]> {
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

describe('LocalKafkaBroker', () => {
  let broker: LocalKafkaBroker;

  beforeAll(async () => {
    broker = await LocalKafkaBroker.start();
  });

  afterAll(async () => {
    await broker?.stop();
  });

  it('serves a topic created through the admin API and hands back a produced record', async () => {
    const topic = await createTopicWithRecord(broker.brokers, 'hello');

    expect(await readValues(broker.brokers, topic, 1)).toEqual(['hello']);
  });

  it('keeps its port, topics and records across pause() and resume()', async () => {
    const topic = await createTopicWithRecord(broker.brokers, 'before pause');

    await broker.pause();
    expect(await kafkaAnswers(broker.brokers, 1_000)).toBe(false);
    await broker.resume();

    expect(await listTopics(broker.brokers)).toContain(topic);
    expect(await readValues(broker.brokers, topic, 1)).toEqual(['before pause']);
  });

  it('stop() ends the process and deletes the data dir', async () => {
    const { dataDir, pid } = broker;
    expect(existsSync(dataDir)).toBe(true);

    await broker.stop();

    expect(existsSync(dataDir)).toBe(false);
    expect(pid).toBeDefined();
    expect(() => process.kill(pid ?? 0, 0)).toThrow();
  });
});
