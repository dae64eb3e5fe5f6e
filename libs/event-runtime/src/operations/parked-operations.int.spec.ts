import { InvalidEventError, RECORD_HEADERS } from '@handover/contracts';
import { pollUntil, testKafkaBrokers, uniqueName, useTestSchema } from '@handover/test-infra';
import { Kafka, logLevel } from 'kafkajs';
import { type ConsumedRecord, toConsumedRecord } from '../consumer/consumed-record';
import { PartitionBatchApplier } from '../consumer/partition-batch.applier';
import { KafkaRecordLog } from './kafka-record-log';
import { OperationErrorCode } from './operation.exception';
import { type OpsScope } from './ops-scope';
import { discardParkedRecord, RETRY_OF_HEADER, retryParkedRecord } from './parked-actions';
import { listParkedRecords, showParkedRecord } from './parked-records';
import { type LoggedRecord } from './record-log';

const SCHEMA = 'ops_parked_test';
const OPERATOR = { actor: 'bob', reason: 'the contract was fixed in 1.4.2' };
const WEEK_MS = 7 * 86_400_000;

describe('parked record operations', () => {
  const dataSource = useTestSchema({ schema: SCHEMA, entities: [], migrations: [] });
  let scope: OpsScope;
  let kafka: Kafka;
  let log: KafkaRecordLog;
  let topic: string;
  /** Event ids each consumer's handler applied; the ones in `refusing` it refuses as invalid. */
  let applied: Record<string, string[]>;
  let refusing: Set<string>;

  beforeAll(() => {
    kafka = new Kafka({
      clientId: uniqueName('ops-spec'),
      brokers: testKafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
  });

  beforeEach(async () => {
    scope = { dataSource: dataSource(), schema: SCHEMA };
    log = new KafkaRecordLog(kafka, { groupIdPrefix: uniqueName('ops-spec-read') });
    topic = uniqueName('engage.events.v1');
    applied = { 'bot-responder': [], handover: [] };
    refusing = new Set();
    await dataSource().query(
      'TRUNCATE parked_record, processed_event, consumer_checkpoint, outbox_message, ops_audit',
    );
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
  });

  afterEach(async () => {
    await log.close();
  });

  /** A consumer of the topic, as the runtime runs it: dedupe on event ids, a bad record parked. */
  const consumer = (name: 'bot-responder' | 'handover'): PartitionBatchApplier =>
    new PartitionBatchApplier(
      dataSource(),
      {
        wants: () => true,
        dispatch: (record: ConsumedRecord) => {
          if (name === 'bot-responder' && refusing.has(record.eventId ?? '')) {
            throw new InvalidEventError([`${record.eventId} breaks the contract`]);
          }
          applied[name].push(record.eventId ?? '(none)');
          return Promise.resolve();
        },
      },
      { consumer: name, dlqTopic: 'bot-responder.dlq', maxAttempts: 3 },
    );

  const produce = async (eventId: string | null, threadId = 'thread-1'): Promise<void> => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        {
          key: threadId,
          value: JSON.stringify({ id: eventId, type: 'content.imported' }),
          headers: {
            [RECORD_HEADERS.eventType]: 'content.imported',
            ...(eventId === null ? {} : { [RECORD_HEADERS.eventId]: eventId }),
          },
        },
      ],
    });
    await producer.disconnect();
  };

  const consumed = async (offset: number): Promise<ConsumedRecord> => {
    const record = await log.read({ topic, partition: 0, offset: String(offset) });
    if (!record) {
      throw new Error(`nothing at ${topic}/0@${offset}`);
    }
    return toConsumedRecord(topic, 0, kafkaMessage(record));
  };

  /** Publishes the event, which both consumers take in; bot-responder parks it as invalid. */
  const parkedByBotResponder = async (eventId: string | null): Promise<string> => {
    refusing.add(eventId ?? '');
    await produce(eventId);
    const record = await consumed(0);
    expect(await consumer('bot-responder').apply([record])).toMatchObject({ kind: 'applied', parked: 1 });
    expect(await consumer('handover').apply([record])).toMatchObject({ kind: 'applied', applied: 1 });
    refusing.clear();
    return `bot-responder/${topic}/0/0`;
  };

  const auditRows = (): Promise<Array<Record<string, unknown>>> =>
    dataSource().query('SELECT actor, action, target_kind, target_id, reason, after FROM ops_audit');

  const insertParked = (
    consumerName: string,
    offset: number,
    threadId: string,
    parkedAt: string,
  ): Promise<void> =>
    dataSource().query(
      `INSERT INTO parked_record (consumer, topic, partition, "offset", event_id, event_type, record_key, cause,
         reason, attempts, value_kept, parked_at)
       VALUES ($1, 'engage.events.v1', 2, $2, $3, 'content.imported', $4, 'failed', 'boom', 5, true, $5)`,
      [consumerName, offset, `ev-${offset}`, threadId, parkedAt],
    );

  describe(listParkedRecords.name, () => {
    it('should list open parked records, newest first, by consumer, thread and time', async () => {
      await insertParked('bot-responder', 10, 'thread-1', '2030-01-01T10:00:00Z');
      await insertParked('bot-responder', 11, 'thread-2', '2030-01-01T11:00:00Z');
      await insertParked('handover', 12, 'thread-1', '2030-01-01T12:00:00Z');
      const offsets = async (filter: Parameters<typeof listParkedRecords>[1]): Promise<string[]> =>
        (await listParkedRecords(scope, filter)).map((parked) => parked.offset);

      expect(await offsets({ limit: 10 })).toEqual(['12', '11', '10']);
      expect(await offsets({ limit: 10, consumer: 'bot-responder' })).toEqual(['11', '10']);
      expect(await offsets({ limit: 10, threadId: 'thread-1' })).toEqual(['12', '10']);
      expect(await offsets({ limit: 10, topic: 'other.v1' })).toEqual([]);
      expect(await offsets({ limit: 10, since: new Date('2030-01-01T10:30:00Z') })).toEqual(['12', '11']);
      expect(await offsets({ limit: 10, until: new Date('2030-01-01T10:30:00Z') })).toEqual(['10']);

      await discardParkedRecord(scope, 'handover/engage.events.v1/2/12', OPERATOR);
      expect(await offsets({ limit: 10 })).toEqual(['11', '10']);
      expect((await listParkedRecords(scope, { limit: 10, all: true }))[0]).toMatchObject({
        key: 'handover/engage.events.v1/2/12',
        state: 'discarded',
      });
    });
  });

  describe(showParkedRecord.name, () => {
    it('should show the parked row with the record as it is on its topic', async () => {
      const key = await parkedByBotResponder('ev-1');

      const shown = await showParkedRecord(scope, key, log);

      expect(shown.record).toMatchObject({
        key,
        eventId: 'ev-1',
        threadId: 'thread-1',
        cause: 'invalid',
        state: 'open',
      });
      expect(shown.source).toMatchObject({
        key: 'thread-1',
        headers: { [RECORD_HEADERS.eventId]: 'ev-1' },
        value: { id: 'ev-1', type: 'content.imported' },
      });
      expect(shown.audit).toEqual([]);
    });

    it('should refuse a key that names no parked record', async () => {
      await expect(showParkedRecord(scope, `bot-responder/${topic}/0/99`)).rejects.toMatchObject({
        code: OperationErrorCode.NotFound,
      });
      await expect(showParkedRecord(scope, 'not-a-key')).rejects.toMatchObject({
        code: OperationErrorCode.InvalidRequest,
      });
    });
  });

  describe(discardParkedRecord.name, () => {
    it('should acknowledge the record once, audited, and refuse a second time', async () => {
      const key = await parkedByBotResponder('ev-1');

      expect(await discardParkedRecord(scope, key, OPERATOR)).toMatchObject({ state: 'discarded' });
      await expect(discardParkedRecord(scope, key, OPERATOR)).rejects.toMatchObject({
        code: OperationErrorCode.WrongState,
      });

      expect(await auditRows()).toEqual([
        expect.objectContaining({
          actor: 'bob',
          action: 'discard',
          target_kind: 'parked_record',
          target_id: key,
        }),
      ]);
      await expect(
        retryParkedRecord(scope, key, OPERATOR, { log, ledgerRetentionMs: WEEK_MS }),
      ).rejects.toMatchObject({ code: OperationErrorCode.WrongState });
    });
  });

  describe('two operators at once', () => {
    it('should refuse the second discard when the first commits while it waits', async () => {
      await insertParked('bot-responder', 10, 'thread-1', '2030-01-01T10:00:00Z');
      const key = 'bot-responder/engage.events.v1/2/10';
      // The first operator's discard, held open between its lock and its commit.
      const first = dataSource().createQueryRunner();
      await first.connect();
      await first.startTransaction();
      await first.query(`SELECT 1 FROM parked_record WHERE "offset" = 10 FOR UPDATE`);
      await first.query(
        `INSERT INTO ops_audit (actor, action, target_kind, target_id, reason) VALUES ('alice', 'discard', 'parked_record', $1, 'first')`,
        [key],
      );

      const second = discardParkedRecord(scope, key, OPERATOR).then(
        () => 'discarded',
        (error: { code?: string }) => error.code,
      );
      await pollUntil(async () => {
        const waiting: unknown[] = await dataSource().query(
          `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
        );
        return waiting.length > 0;
      });
      await first.commitTransaction();
      await first.release();

      expect(await second).toBe(OperationErrorCode.WrongState);
      expect(await auditRows()).toHaveLength(1);
    });
  });

  describe(retryParkedRecord.name, () => {
    it('should have the parking consumer apply the record again, and every other consumer skip the copy', async () => {
      const key = await parkedByBotResponder('ev-1');
      expect(applied).toEqual({ 'bot-responder': [], handover: ['ev-1'] });

      const { copy } = await retryParkedRecord(scope, key, OPERATOR, { log, ledgerRetentionMs: WEEK_MS });

      expect(copy).toEqual({ topic, partition: 0, offset: '1' });
      const again = await consumed(1);
      expect(again).toMatchObject({
        key: 'thread-1',
        eventId: 'ev-1',
        rawValue: JSON.stringify({ id: 'ev-1', type: 'content.imported' }),
      });
      expect(again.headers[RETRY_OF_HEADER]).toBe(key);
      await consumer('bot-responder').apply([again]);
      await consumer('handover').apply([again]);
      expect(applied).toEqual({ 'bot-responder': ['ev-1'], handover: ['ev-1'] });
      expect((await showParkedRecord(scope, key)).record.state).toBe('retried');
      expect(await auditRows()).toEqual([
        expect.objectContaining({ action: 'retry', target_id: key, after: { state: 'retried', copy } }),
      ]);
    });

    it('should refuse a second retry of the same parked record', async () => {
      const key = await parkedByBotResponder('ev-1');
      await retryParkedRecord(scope, key, OPERATOR, { log, ledgerRetentionMs: WEEK_MS });

      await expect(
        retryParkedRecord(scope, key, OPERATOR, { log, ledgerRetentionMs: WEEK_MS }),
      ).rejects.toMatchObject({ code: OperationErrorCode.WrongState });
      expect(await auditRows()).toHaveLength(1);
      expect(await log.read({ topic, partition: 0, offset: '2' })).toBeUndefined();
    });

    it('should refuse, changing nothing, when the record is older than the consumers remember event ids', async () => {
      const key = await parkedByBotResponder('ev-1');
      const eightDaysOn = (): Date => new Date(Date.now() + 8 * 86_400_000);

      await expect(
        retryParkedRecord(scope, key, OPERATOR, { log, ledgerRetentionMs: WEEK_MS, now: eightDaysOn }),
      ).rejects.toMatchObject({ code: OperationErrorCode.Unsafe });

      expect(
        await dataSource().query(`SELECT event_id FROM processed_event WHERE consumer = 'bot-responder'`),
      ).toEqual([{ event_id: 'ev-1' }]);
      expect(await auditRows()).toEqual([]);
      expect(await log.read({ topic, partition: 0, offset: '1' })).toBeUndefined();
    });

    it('should refuse, changing nothing, when the event was applied since from a redelivered record', async () => {
      const key = await parkedByBotResponder('ev-1');
      // The janitor forgot the claim after LEDGER_RETENTION_MS, then RCED delivered the event again.
      await dataSource().query(`DELETE FROM processed_event WHERE consumer = 'bot-responder'`);
      await produce('ev-1');
      await consumer('bot-responder').apply([await consumed(1)]);
      expect(applied['bot-responder']).toEqual(['ev-1']);

      await expect(
        retryParkedRecord(scope, key, OPERATOR, { log, ledgerRetentionMs: WEEK_MS }),
      ).rejects.toMatchObject({ code: OperationErrorCode.WrongState });
      expect(await auditRows()).toEqual([]);
      expect(await log.read({ topic, partition: 0, offset: '2' })).toBeUndefined();
    });

    it('should refuse a record without an event id: every consumer would apply its copy', async () => {
      const key = await parkedByBotResponder(null);

      await expect(
        retryParkedRecord(scope, key, OPERATOR, { log, ledgerRetentionMs: WEEK_MS }),
      ).rejects.toMatchObject({ code: OperationErrorCode.Unsafe });
      expect((await showParkedRecord(scope, key)).record.state).toBe('open');
    });
  });
});

function kafkaMessage(record: LoggedRecord): Parameters<typeof toConsumedRecord>[2] {
  return {
    key: record.key,
    value: record.value,
    headers: record.headers,
    offset: record.offset,
    timestamp: record.timestamp,
    attributes: 0,
  };
}
