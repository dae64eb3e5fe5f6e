import { RECORD_HEADERS } from '@handover/contracts';
import { createTestDatabase, type TestDatabase } from '@handover/test-infra';
import { type DataSource, type EntityManager } from 'typeorm';
import { openAppDataSource } from '../database/app-data-source';
import { type ConsumedRecord } from './consumed-record';
import { DEAD_LETTER_HEADERS } from './dead-letter';
import { PartitionBatchApplier } from './partition-batch.applier';

const TOPIC = 'engage.events.v1';

function record(
  offset: number,
  eventId: string | null = `ev-${offset}`,
  value: unknown = { n: offset },
): ConsumedRecord {
  return {
    topic: TOPIC,
    partition: 3,
    offset: String(offset),
    key: 'thread-1',
    eventType: 'content.imported',
    eventId,
    headers: eventId ? { [RECORD_HEADERS.eventId]: eventId } : {},
    rawValue: JSON.stringify(value),
  };
}

describe(PartitionBatchApplier.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const applied: string[] = [];
  const failing = new Set<string>();

  // The projection of these tests: one row per applied record, written in the batch transaction.
  const handle = async (r: ConsumedRecord, manager: EntityManager): Promise<void> => {
    await manager.query('INSERT INTO applied (record_offset) VALUES ($1)', [r.offset]);
    if (failing.has(r.offset)) {
      throw new Error(`cannot apply ${r.offset}`);
    }
    applied.push(r.offset);
  };
  const applier = (consumer = 'bot-responder', maxAttempts = 3, dedupeEventIds?: boolean) =>
    new PartitionBatchApplier(dataSource, handle, {
      consumer,
      dlqTopic: 'bot-responder.dlq',
      maxAttempts,
      dedupeEventIds,
    });
  const rows = async (sql: string): Promise<Array<Record<string, unknown>>> => dataSource.query(sql);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openAppDataSource({
      url: database.url,
      schema: 'applier_test',
      entities: [],
      migrations: [],
    });
    await dataSource.query('CREATE TABLE applied (record_offset text NOT NULL)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    applied.length = 0;
    failing.clear();
    await dataSource.query('TRUNCATE applied, consumer_checkpoint, processed_event, outbox_message');
  });

  describe('apply', () => {
    it('should apply a batch once and checkpoint the next offset with it', async () => {
      const outcome = await applier().apply([record(0), record(1), record(2)]);

      expect(outcome).toEqual({ kind: 'applied', nextOffset: 3n, applied: 3, parked: 0 });
      expect(await rows('SELECT next_offset FROM consumer_checkpoint')).toEqual([{ next_offset: '3' }]);
    });

    it('should skip records below the checkpoint when a rebalance hands them over again', async () => {
      await applier().apply([record(0), record(1)]);
      // A second instance (the partition moved, or a zombie) gets an overlapping batch.
      const outcome = await applier().apply([record(1), record(2)]);

      expect(outcome).toMatchObject({ kind: 'applied', nextOffset: 3n });
      expect(applied).toEqual(['0', '1', '2']);
      expect(await rows('SELECT count(*)::int AS n FROM applied')).toEqual([{ n: 3 }]);
    });

    it('should ask to seek back when Kafka hands records past the checkpoint', async () => {
      await applier().apply([record(0)]);
      expect(await applier().apply([record(5)])).toEqual({ kind: 'seek', nextOffset: 1n });
      expect(applied).toEqual(['0']);
    });

    it('should apply an event id once, whatever offsets it comes back at', async () => {
      await applier().apply([record(0, 'same'), record(1, 'same')]);
      await applier().apply([record(2, 'same'), record(3, 'other')]);

      expect(applied).toEqual(['0', '3']);
      expect(await rows('SELECT next_offset FROM consumer_checkpoint')).toEqual([{ next_offset: '4' }]);
    });

    it('should commit the records before a failing one and retry from it, leaving no trace of the failure', async () => {
      failing.add('1');
      const outcome = await applier().apply([record(0), record(1), record(2)]);

      expect(outcome).toMatchObject({ kind: 'retry', nextOffset: 1n });
      expect(await rows('SELECT record_offset FROM applied ORDER BY 1')).toEqual([{ record_offset: '0' }]);
      expect(await rows("SELECT event_id FROM processed_event WHERE event_id = 'ev-1'")).toEqual([]);
    });

    it('should park a record on the dead-letter topic after its attempts and move on', async () => {
      failing.add('1');
      const consumer = applier();
      await consumer.apply([record(0), record(1), record(2)]);
      await consumer.apply([record(1), record(2)]);
      const outcome = await consumer.apply([record(1), record(2)]);

      expect(outcome).toEqual({ kind: 'applied', nextOffset: 3n, applied: 1, parked: 1 });
      // The table, not the handler's calls: a rolled-back attempt leaves nothing behind.
      expect(await rows('SELECT record_offset FROM applied ORDER BY 1')).toEqual([
        { record_offset: '0' },
        { record_offset: '2' },
      ]);
      const [parked] = await rows('SELECT topic, key, headers FROM outbox_message');
      expect(parked).toMatchObject({
        topic: 'bot-responder.dlq',
        key: 'thread-1',
        headers: { [DEAD_LETTER_HEADERS.attempts]: '3', [DEAD_LETTER_HEADERS.sourceOffset]: '1' },
      });
      expect((parked.headers as Record<string, string>)[DEAD_LETTER_HEADERS.error]).toMatch(/cannot apply 1/);
    });

    it('should hand every record to the handlers and claim no event id when the app dedupes itself', async () => {
      const consumer = applier('intervention-stats', 3, false);
      await consumer.apply([record(0, 'same'), record(1, 'same')]);
      const outcome = await consumer.apply([record(2, 'same'), record(3, 'other')]);

      expect(outcome).toEqual({ kind: 'applied', nextOffset: 4n, applied: 2, parked: 0 });
      expect(applied).toEqual(['0', '1', '2', '3']);
      expect(await rows('SELECT count(*)::int AS n FROM processed_event')).toEqual([{ n: 0 }]);
      expect(await rows('SELECT next_offset FROM consumer_checkpoint')).toEqual([{ next_offset: '4' }]);
    });

    it('should park a failing record without claiming its event id when the app dedupes itself', async () => {
      failing.add('1');
      const consumer = applier('intervention-stats', 2, false);
      await consumer.apply([record(0), record(1), record(2)]);
      const outcome = await consumer.apply([record(1), record(2)]);

      expect(outcome).toEqual({ kind: 'applied', nextOffset: 3n, applied: 1, parked: 1 });
      expect(await rows('SELECT record_offset FROM applied ORDER BY 1')).toEqual([
        { record_offset: '0' },
        { record_offset: '2' },
      ]);
      expect(await rows('SELECT count(*)::int AS n FROM processed_event')).toEqual([{ n: 0 }]);
      expect(await rows('SELECT topic FROM outbox_message')).toEqual([{ topic: 'bot-responder.dlq' }]);
    });

    it('should keep two consumer groups apart: each has its own checkpoint', async () => {
      await applier('bot-responder').apply([record(0), record(1)]);
      const replay = await applier('bot-responder-replay').apply([record(0), record(1)]);

      expect(replay).toMatchObject({ kind: 'applied', nextOffset: 2n, applied: 2 });
    });
  });
});
