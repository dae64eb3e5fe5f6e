import { type AddressInfo, type Socket, createServer } from 'node:net';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { testKafkaBrokers, uniqueName } from '../../../test/infra';
import { readTopicUntil } from '../../../test/support/topic-reader';
import { CoalescingPublisher } from './coalescing-publisher';
import { KafkaPublishErrorCode } from './kafka.exception';
import { type OutgoingRecord } from './outgoing-record';

describe(CoalescingPublisher.name, () => {
  const brokers = testKafkaBrokers();
  let kafka: Kafka;
  let topic: string;
  let produceRequests: number;

  beforeEach(async () => {
    topic = uniqueName('coalescing');
    produceRequests = 0;
    kafka = new Kafka({ clientId: uniqueName('publisher'), brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    await admin.disconnect();
    // Observe, not mock: count the Produce requests the real producer sends.
    const createProducer = kafka.producer.bind(kafka);
    kafka.producer = (config) => {
      const producer: Producer = createProducer(config);
      producer.on(producer.events.REQUEST, ({ payload }) => {
        if (payload.apiName === 'Produce') {
          produceRequests += 1;
        }
      });
      return producer;
    };
  });

  const record = (key: string, value: string): OutgoingRecord => ({
    topic,
    key,
    value,
    headers: { 'event-id': value },
  });

  describe('publish', () => {
    it('should coalesce concurrent callers into few Produce requests and acknowledge each of them', async () => {
      const publisher = new CoalescingPublisher(kafka, {
        lingerMs: 5,
        maxBatchRecords: 1_000,
        maxBufferedRecords: 10_000,
      });
      const values = Array.from({ length: 300 }, (_, index) => `value-${index}`);

      await Promise.all(
        values.map((value, index) => publisher.publish([record(`thread-${index % 7}`, value)], 10_000)),
      );
      await publisher.close();

      expect(produceRequests).toBeGreaterThan(0);
      expect(produceRequests).toBeLessThanOrEqual(10);
      const read = await readTopicUntil(brokers, topic, (records) => records.length >= values.length);
      expect(read.map((r) => r.headers['event-id']).sort()).toEqual([...values].sort());
    });

    it('should keep each key in publish order', async () => {
      const publisher = new CoalescingPublisher(kafka, {
        lingerMs: 0,
        maxBatchRecords: 7,
        maxBufferedRecords: 10_000,
      });
      const values = Array.from({ length: 50 }, (_, index) => `ordered-${String(index).padStart(2, '0')}`);

      await Promise.all(values.map((value) => publisher.publish([record('one-thread', value)], 10_000)));
      await publisher.close();

      const read = await readTopicUntil(brokers, topic, (records) => records.length >= values.length);
      expect(read.map((r) => r.headers['event-id'])).toEqual(values);
    });

    it('should refuse at once, without queueing, when the buffer is full', async () => {
      const publisher = new CoalescingPublisher(kafka, {
        lingerMs: 200,
        maxBatchRecords: 1_000,
        maxBufferedRecords: 3,
      });
      const first = publisher.publish([record('k', 'a'), record('k', 'b'), record('k', 'c')], 10_000);

      await expect(publisher.publish([record('k', 'd')], 10_000)).rejects.toMatchObject({
        code: KafkaPublishErrorCode.BufferFull,
        retriable: true,
      });
      await first;
      await publisher.close();
      const read = await readTopicUntil(brokers, topic, (records) => records.length >= 3);
      expect(read.map((r) => r.headers['event-id'])).toEqual(['a', 'b', 'c']);
    });

    it('should fail fast and retriably when no broker answers', async () => {
      const nowhere = new Kafka({
        clientId: 'nowhere',
        brokers: [`127.0.0.1:${await closedPort()}`],
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      });
      const publisher = new CoalescingPublisher(nowhere, {
        lingerMs: 0,
        maxBatchRecords: 10,
        maxBufferedRecords: 10,
      });

      await expect(publisher.publish([record('k', 'refused')], 5_000)).rejects.toMatchObject({
        code: KafkaPublishErrorCode.SendFailed,
        retriable: true,
      });
      await publisher.close(100);
    });

    it('should answer every caller at its bound when the broker hangs', async () => {
      const sockets: Socket[] = [];
      const blackHole = createServer((socket) => sockets.push(socket)); // accepts connections, never answers
      await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
      const { port } = blackHole.address() as AddressInfo;
      const hanging = new Kafka({
        clientId: 'hanging',
        brokers: [`127.0.0.1:${port}`],
        logLevel: logLevel.NOTHING,
      });
      const publisher = new CoalescingPublisher(hanging, {
        lingerMs: 0,
        maxBatchRecords: 10,
        maxBufferedRecords: 10,
      });

      const started = Date.now();
      const outcomes = await Promise.allSettled([
        publisher.publish([record('k', 'in-flight')], 300),
        publisher.publish([record('k', 'queued')], 300),
      ]);

      expect(Date.now() - started).toBeLessThan(1_500);
      expect(
        outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code: string }).code : o.status)),
      ).toEqual([KafkaPublishErrorCode.AckTimeout, KafkaPublishErrorCode.AckTimeout]);
      await publisher.close(100);
      sockets.forEach((socket) => socket.destroy());
      blackHole.close();
    });

    it("should not sink other callers' records with one that is too large, nor coalesce past what a batch carries", async () => {
      const publisher = new CoalescingPublisher(kafka, {
        lingerMs: 20,
        maxBatchRecords: 1_000,
        maxBufferedRecords: 1_000,
      });
      // Two callers under the bound each (value and event-id header: 700 KB), over it together, on one
      // partition (one key): a single
      // Produce request would be refused by the broker (message.max.bytes) for both of them.
      const large = (name: string): OutgoingRecord => record('same-thread', `${name}:${'x'.repeat(350_000)}`);
      const tooLarge = [
        record('same-thread', 'a'.repeat(700_000)),
        record('same-thread', 'b'.repeat(700_000)),
      ];

      const outcomes = await Promise.allSettled([
        publisher.publish([large('first')], 10_000),
        publisher.publish(tooLarge, 10_000),
        publisher.publish([large('second')], 10_000),
        publisher.publish([record('other-thread', 'small')], 10_000),
      ]);
      await publisher.close();

      expect(
        outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code: string }).code : o.status)),
      ).toEqual(['fulfilled', KafkaPublishErrorCode.TooLarge, 'fulfilled', 'fulfilled']);
      const read = await readTopicUntil(brokers, topic, (records) => records.length >= 3);
      expect(read.map((r) => r.headers['event-id'].split(':')[0]).sort()).toEqual([
        'first',
        'second',
        'small',
      ]);
    });

    it('should refuse new records once closed', async () => {
      const publisher = new CoalescingPublisher(kafka, {
        lingerMs: 0,
        maxBatchRecords: 10,
        maxBufferedRecords: 10,
      });
      await publisher.close();

      await expect(publisher.publish([record('k', 'late')], 1_000)).rejects.toMatchObject({
        code: KafkaPublishErrorCode.Closed,
      });
    });
  });
});

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
