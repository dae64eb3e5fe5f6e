import { randomBytes } from 'node:crypto';
import { InvalidEventError, RECORD_HEADERS } from '@handover/contracts';
import { createTestDatabase, type TestDatabase } from '@handover/test-infra';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type DataSource, type EntityManager } from 'typeorm';
import { startInMemoryTracing } from '../../../../test/support/in-memory-tracing';
import { openAppDataSource } from '../database/app-data-source';
import { recordEffects } from '../effects/record-effects.util';
import { appendToOutbox } from '../outbox/outbox.writer';
import { type ConsumedRecord, toConsumedRecord } from './consumed-record';
import { DEAD_LETTER_HEADERS } from './dead-letter';
import { PartitionBatchApplier } from './partition-batch.applier';

// Who the consumer wakes after the commit: nobody, or the relay for the dead letter.
const NOTHING_QUEUED = { outbox: false, effects: false };
const DEAD_LETTER_QUEUED = { outbox: true, effects: false };

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

/** A record as the consumer reads it from Kafka (bytes decoded, as in production). */
function fromKafka(offset: number, eventId: string, value: unknown): ConsumedRecord {
  return toConsumedRecord(TOPIC, 3, {
    key: Buffer.from('thread-1'),
    value: Buffer.from(JSON.stringify(value)),
    headers: { [RECORD_HEADERS.eventId]: Buffer.from(eventId) },
    offset: String(offset),
    timestamp: '0',
    attributes: 0,
  });
}

describe(PartitionBatchApplier.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const applied: string[] = [];
  const failing = new Set<string>();
  const invalid = new Set<string>();

  // The projection of these tests: one row per applied record, written in the batch transaction.
  const handle = async (r: ConsumedRecord, manager: EntityManager): Promise<void> => {
    await manager.query('INSERT INTO applied (record_offset) VALUES ($1)', [r.offset]);
    if (failing.has(r.offset)) {
      throw new Error(`cannot apply ${r.offset}`);
    }
    if (invalid.has(r.offset)) {
      throw new InvalidEventError([`record ${r.offset} breaks the contract`]);
    }
    // What a projection does with a message's text: Postgres refuses some of it.
    const { text } = JSON.parse(r.rawValue) as { text?: string };
    if (text !== undefined) {
      await manager.query('INSERT INTO applied_text (body) VALUES ($1)', [text]);
    }
    applied.push(r.offset);
  };
  // Records of this type are taken by no handler (an app's own decisions, live).
  const unwanted = (r: ConsumedRecord): boolean => r.eventType === 'bot.replied';
  const applier = (consumer = 'bot-responder', maxAttempts = 3, dedupeEventIds?: boolean) =>
    new PartitionBatchApplier(
      dataSource,
      { wants: (r) => !unwanted(r), dispatch: handle },
      {
        consumer,
        dlqTopic: 'bot-responder.dlq',
        maxAttempts,
        dedupeEventIds,
      },
    );
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
    await dataSource.query('CREATE TABLE applied_text (body text NOT NULL)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    applied.length = 0;
    failing.clear();
    invalid.clear();
    await dataSource.query(
      'TRUNCATE applied, applied_text, consumer_checkpoint, processed_event, outbox_message, parked_record, effect',
    );
  });

  describe('apply', () => {
    it('should apply a batch once and checkpoint the next offset with it', async () => {
      const outcome = await applier().apply([record(0), record(1), record(2)]);

      expect(outcome).toEqual({
        kind: 'applied',
        nextOffset: 3n,
        applied: 3,
        parked: 0,
        wrote: NOTHING_QUEUED,
      });
      expect(await rows('SELECT next_offset FROM consumer_checkpoint')).toEqual([{ next_offset: '3' }]);
    });

    it('should pass by the records no handler takes without claiming them, and still move past them', async () => {
      const own = { ...record(1), eventType: 'bot.replied' };

      const outcome = await applier().apply([record(0), own, record(2)]);

      expect(outcome).toMatchObject({ kind: 'applied', nextOffset: 3n, applied: 2 });
      expect(applied).toEqual(['0', '2']);
      expect(await rows('SELECT "offset" FROM processed_event ORDER BY 1')).toEqual([
        { offset: '0' },
        { offset: '2' },
      ]);
      expect(await rows('SELECT next_offset FROM consumer_checkpoint')).toEqual([{ next_offset: '3' }]);
    });

    it('should move the checkpoint past a batch no handler takes in one statement, and fall back when it is elsewhere', async () => {
      const own = (offset: number): ConsumedRecord => ({ ...record(offset), eventType: 'bot.replied' });
      await applier().apply([record(0)]);

      const passed = await applier().apply([own(1), own(2)]);
      const ahead = await applier().apply([own(5)]);

      expect(passed).toMatchObject({ kind: 'applied', nextOffset: 3n, applied: 0 });
      expect(ahead).toEqual({ kind: 'seek', nextOffset: 3n });
      expect(await rows('SELECT "offset" FROM processed_event ORDER BY 1')).toEqual([{ offset: '0' }]);
      expect(await rows('SELECT next_offset FROM consumer_checkpoint')).toEqual([{ next_offset: '3' }]);
    });

    it('should pass by a run of batches no handler takes without a statement, writing the move with the next batch or the flush', async () => {
      const own = (offset: number): ConsumedRecord => ({ ...record(offset), eventType: 'bot.replied' });
      const consumer = applier();
      await consumer.apply([record(0)]);

      await consumer.apply([own(1)]);
      await consumer.apply([own(2)]);
      const checkpointWhilePassing = await rows('SELECT next_offset FROM consumer_checkpoint');
      const next = await consumer.apply([record(3)]);
      const checkpointAfterNext = await rows('SELECT next_offset FROM consumer_checkpoint');
      await consumer.apply([own(4)]);
      await consumer.flushPassedBy();

      expect(checkpointWhilePassing).toEqual([{ next_offset: '1' }]);
      expect(next).toMatchObject({ kind: 'applied', nextOffset: 4n, applied: 1 });
      expect(checkpointAfterNext).toEqual([{ next_offset: '4' }]);
      expect(applied).toEqual(['0', '3']);
      expect(await rows('SELECT next_offset FROM consumer_checkpoint')).toEqual([{ next_offset: '5' }]);
    });

    it('should leave the checkpoint where another instance moved it, whatever this one passed by', async () => {
      const own = (offset: number): ConsumedRecord => ({ ...record(offset), eventType: 'bot.replied' });
      const first = applier();
      await first.apply([record(0)]);
      await first.apply([own(1)]);
      // The partition moves to a second instance, which reads from the row (1) and goes further.
      await applier().apply([own(1), record(2)]);

      await first.flushPassedBy();
      const afterFlush = await rows('SELECT next_offset FROM consumer_checkpoint');
      const stale = await first.apply([record(2)]);

      expect(afterFlush).toEqual([{ next_offset: '3' }]);
      expect(stale).toEqual({ kind: 'fenced' });
      expect(applied).toEqual(['0', '2']);
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

      expect(outcome).toEqual({
        kind: 'applied',
        nextOffset: 3n,
        applied: 1,
        parked: 1,
        wrote: DEAD_LETTER_QUEUED,
      });
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

    it('should park at once a record Postgres cannot store, whose event id holds a NUL, and apply the ones after it', async () => {
      const poison = fromKafka(1, 'ev-\u0000-1', { text: 'hello\u0000world' });
      const outcome = await applier().apply([record(0), poison, record(2)]);

      // No retry: the same text fails the same way every time; the partition goes on at once.
      expect(outcome).toEqual({
        kind: 'applied',
        nextOffset: 3n,
        applied: 2,
        parked: 1,
        wrote: DEAD_LETTER_QUEUED,
      });
      expect(await rows('SELECT record_offset FROM applied ORDER BY 1')).toEqual([
        { record_offset: '0' },
        { record_offset: '2' },
      ]);
      expect(await rows('SELECT "offset", cause, attempts, value_kept, reason FROM parked_record')).toEqual([
        {
          offset: '1',
          cause: 'invalid',
          attempts: 1,
          value_kept: true,
          reason: expect.stringMatching(/invalid byte sequence|0x00/) as unknown,
        },
      ]);
      const [dlq] = await rows('SELECT value, headers FROM outbox_message');
      // JSON escapes the NUL in the value (`\u0000`, six characters): the copy is byte for byte.
      expect(dlq.value).toBe(JSON.stringify({ text: 'hello\u0000world' }));
      expect(dlq.headers).toMatchObject({ [RECORD_HEADERS.eventId]: 'ev-\uFFFD-1' });
      // Its redelivery is not applied later either.
      expect(
        await applier().apply([fromKafka(3, 'ev-\u0000-1', { text: 'hello\u0000world' })]),
      ).toMatchObject({
        applied: 0,
        parked: 0,
      });
    });

    it('should park a record that breaks the contract at once instead of retrying it', async () => {
      invalid.add('1');
      const outcome = await applier('bot-responder', 5).apply([record(0), record(1), record(2)]);

      expect(outcome).toEqual({
        kind: 'applied',
        nextOffset: 3n,
        applied: 2,
        parked: 1,
        wrote: DEAD_LETTER_QUEUED,
      });
      expect(await rows('SELECT cause, reason FROM parked_record')).toEqual([
        { cause: 'invalid', reason: 'InvalidEventError: Invalid event: record 1 breaks the contract' },
      ]);
    });

    it('should still park and move on when the dead-letter copy itself cannot be stored', async () => {
      invalid.add('1');
      // A header Postgres refuses in jsonb (a lone surrogate): parking the record as it came fails.
      const poison = { ...record(1), headers: { 'event-id': 'ev-1', note: 'a\uD800b' } };
      const outcome = await applier().apply([record(0), poison, record(2)]);

      expect(outcome).toEqual({
        kind: 'applied',
        nextOffset: 3n,
        applied: 2,
        parked: 1,
        wrote: DEAD_LETTER_QUEUED,
      });
      expect(await rows('SELECT value, headers FROM outbox_message')).toEqual([
        {
          value: '',
          headers: expect.objectContaining({ [DEAD_LETTER_HEADERS.valueKept]: 'false' }) as unknown,
        },
      ]);
      expect(await rows('SELECT value_kept FROM parked_record')).toEqual([{ value_kept: false }]);
    });

    it('should apply once an event whose id is too long for an index, and skip its redelivery', async () => {
      // Random, so that Postgres cannot compress it under its index entry limit (about 2,700 bytes).
      const longId = randomBytes(3_000).toString('hex');
      const outcome = await applier().apply([fromKafka(0, longId, { n: 0 }), fromKafka(1, longId, { n: 1 })]);

      expect(outcome).toEqual({
        kind: 'applied',
        nextOffset: 2n,
        applied: 1,
        parked: 0,
        wrote: NOTHING_QUEUED,
      });
      expect(await applier().apply([fromKafka(2, longId, { n: 2 })])).toMatchObject({
        applied: 0,
        parked: 0,
      });
      expect(applied).toEqual(['0']);
    });

    it('should hand every record to the handlers and claim no event id when the app dedupes itself', async () => {
      const consumer = applier('intervention-stats', 3, false);
      await consumer.apply([record(0, 'same'), record(1, 'same')]);
      const outcome = await consumer.apply([record(2, 'same'), record(3, 'other')]);

      expect(outcome).toEqual({
        kind: 'applied',
        nextOffset: 4n,
        applied: 2,
        parked: 0,
        wrote: NOTHING_QUEUED,
      });
      expect(applied).toEqual(['0', '1', '2', '3']);
      expect(await rows('SELECT count(*)::int AS n FROM processed_event')).toEqual([{ n: 0 }]);
      expect(await rows('SELECT next_offset FROM consumer_checkpoint')).toEqual([{ next_offset: '4' }]);
    });

    it('should park a failing record without claiming its event id when the app dedupes itself', async () => {
      failing.add('1');
      const consumer = applier('intervention-stats', 2, false);
      await consumer.apply([record(0), record(1), record(2)]);
      const outcome = await consumer.apply([record(1), record(2)]);

      expect(outcome).toEqual({
        kind: 'applied',
        nextOffset: 3n,
        applied: 1,
        parked: 1,
        wrote: DEAD_LETTER_QUEUED,
      });
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

  describe('tracing', () => {
    const PRODUCER = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
    const traced = (offset: number): ConsumedRecord => ({
      ...record(offset),
      key: `thread-${offset}`,
      headers: { ...record(offset).headers, traceparent: `00-${PRODUCER.traceId}-${PRODUCER.spanId}-01` },
    });
    // A reactor: decides, records a platform call and an event to publish.
    const decide = async (r: ConsumedRecord, manager: EntityManager): Promise<void> => {
      if (failing.has(r.offset)) {
        throw new InvalidEventError([`record ${r.offset} breaks the contract`]);
      }
      await recordEffects(manager, [
        {
          id: `reply:${r.offset}`,
          kind: 'post_reply',
          sequenceKey: r.key ?? '',
          payload: { body: 'secret text' },
        },
      ]);
      await appendToOutbox(manager, [
        { topic: 'bot.events.v1', key: r.key ?? '', value: '{}', headers: { 'event-type': 'bot.replied' } },
      ]);
    };
    const reactor = () =>
      new PartitionBatchApplier(
        dataSource,
        { wants: () => true, dispatch: decide },
        { consumer: 'bot-responder', dlqTopic: 'bot-responder.dlq', maxAttempts: 3 },
      );
    const traceOf = async (): Promise<Array<Record<string, unknown>>> =>
      rows(`SELECT e.id, e.trace_parent, e.trace_state, o.headers->>'traceparent' AS outbox_parent
            FROM effect e JOIN outbox_message o ON o.key = e.sequence_key ORDER BY e.id`);

    it('should record neither effects nor outbox rows with a trace when tracing is off', async () => {
      await reactor().apply([traced(0)]);

      expect(await traceOf()).toEqual([
        { id: 'reply:0', trace_parent: null, trace_state: null, outbox_parent: null },
      ]);
    });

    it("should handle each record in a CONSUMER span beneath its producer's, which what it records carries on", async () => {
      const tracing = startInMemoryTracing();
      try {
        const outcome = await reactor().apply([traced(0), traced(1)]);

        expect(outcome).toMatchObject({ kind: 'applied', applied: 2 });
        const spans = tracing.spans();
        expect(spans.map((span) => [span.name, span.kind, span.parentSpanContext?.spanId])).toEqual([
          ['process engage.events.v1', SpanKind.CONSUMER, PRODUCER.spanId],
          ['process engage.events.v1', SpanKind.CONSUMER, PRODUCER.spanId],
        ]);
        expect(spans[0].spanContext().traceId).toBe(PRODUCER.traceId);
        expect(spans[0].attributes).toEqual({
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.operation.name': 'process',
          'messaging.destination.name': 'engage.events.v1',
          'messaging.destination.partition.id': '3',
          'messaging.kafka.offset': 0,
          'messaging.kafka.message.key': 'thread-0',
          'messaging.message.id': 'ev-0',
          'messaging.consumer.group.name': 'bot-responder',
          'handover.event.type': 'content.imported',
        });
        const parentOf = (index: number): string =>
          `00-${PRODUCER.traceId}-${spans[index].spanContext().spanId}-01`;
        expect(await traceOf()).toEqual([
          { id: 'reply:0', trace_parent: parentOf(0), trace_state: null, outbox_parent: parentOf(0) },
          { id: 'reply:1', trace_parent: parentOf(1), trace_state: null, outbox_parent: parentOf(1) },
        ]);
      } finally {
        await tracing.stop();
      }
    });

    it("should mark a record's span failed with the error's type, never its message", async () => {
      const tracing = startInMemoryTracing();
      try {
        failing.add('1');

        await reactor().apply([traced(0), traced(1)]);

        const failed = tracing.spans().filter((span) => span.status.code === SpanStatusCode.ERROR);
        expect(failed.length).toBeGreaterThan(0);
        expect(failed.map((span) => span.attributes['messaging.kafka.offset'])).toEqual(failed.map(() => 1));
        expect(failed[0].attributes['error.type']).toBe('InvalidEventError');
        expect(failed[0].status.message).toBeUndefined();
      } finally {
        await tracing.stop();
      }
    });
  });
});
