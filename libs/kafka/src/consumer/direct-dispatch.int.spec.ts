import { RECORD_HEADERS } from '@handover/contracts';
import { type CanActivate, type INestMicroservice, UseGuards } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { Kafka, logLevel } from 'kafkajs';
import { type DataSource } from 'typeorm';
import {
  createTestDatabase,
  pollUntil,
  type TestDatabase,
  testKafkaBrokers,
  uniqueName,
} from '@handover/test-infra';
import { openAppDataSource } from '../database/app-data-source';
import { KafkaModule } from '../kafka.module';
import { BatchedKafkaServer } from './batched-kafka.server';
import { ConsumedRecordContext } from './consumed-record.context';
import { DEAD_LETTER_HEADERS } from './dead-letter';
import { KafkaController } from './kafka-controller.decorator';
import { InvalidRecordError } from './parse-record-value.util';

interface Probe {
  id: string;
  invalid?: boolean;
}

const handled: Array<{ id: string; viaNest: boolean }> = [];
let guardCalls = 0;

class CountingGuard implements CanActivate {
  canActivate(): boolean {
    guardCalls += 1;
    return true;
  }
}

/** Whether Nest's RPC pipeline is on the stack of the handler's call. */
function calledThroughNest(): boolean {
  return new Error().stack?.includes('@nestjs/microservices') ?? false;
}

function handle(value: Probe, context: ConsumedRecordContext): void {
  if (value.invalid === true) {
    throw new InvalidRecordError([`probe ${value.id} is invalid on purpose`]);
  }
  context.batch.beforeCommit('probe', () => Promise.resolve());
  handled.push({ id: value.id, viaNest: calledThroughNest() });
}

@KafkaController()
class ProbeKafkaController {
  @EventPattern('probe.plain')
  onPlain(@Payload() value: Probe, @Ctx() context: ConsumedRecordContext): void {
    handle(value, context);
  }

  @UseGuards(CountingGuard)
  @EventPattern('probe.guarded')
  onGuarded(@Payload() value: Probe, @Ctx() context: ConsumedRecordContext): void {
    handle(value, context);
  }
}

describe(BatchedKafkaServer.name, () => {
  const brokers = testKafkaBrokers();
  const kafka = new Kafka({ clientId: uniqueName('direct-dispatch'), brokers, logLevel: logLevel.NOTHING });
  let database: TestDatabase;
  let dataSource: DataSource;
  let microservice: INestMicroservice;
  let topic: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openAppDataSource({
      url: database.url,
      schema: 'direct_dispatch_test',
      entities: [],
      migrations: [],
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    handled.length = 0;
    guardCalls = 0;
    topic = uniqueName('direct-dispatch');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    const moduleRef = await Test.createTestingModule({
      imports: [
        KafkaModule.forRootAsync({
          useFactory: () => ({
            brokers,
            clientId: uniqueName('direct-dispatch'),
            lingerMs: 5,
            maxBufferedRecords: 1_000,
            topics: [],
          }),
        }),
      ],
      controllers: [ProbeKafkaController],
    }).compile();
    const server = new BatchedKafkaServer({
      kafka,
      groupId: uniqueName('direct-dispatch'),
      topics: [topic],
      dlqTopic: 'direct-dispatch.dlq',
      dataSource,
      maxAttempts: 2,
      retryBaseDelayMs: 10,
    });
    microservice = moduleRef.createNestMicroservice({ strategy: server });
    await microservice.listen();
  });

  afterEach(async () => {
    await microservice?.close();
  });

  const produce = async (records: Array<[eventType: string, value: Probe]>): Promise<void> => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: records.map(([eventType, value]) => ({
        key: 'thread-1',
        value: JSON.stringify(value),
        headers: { [RECORD_HEADERS.eventType]: eventType, [RECORD_HEADERS.eventId]: `${topic}-${value.id}` },
      })),
    });
    await producer.disconnect();
  };

  const checkpoint = async (next: number): Promise<boolean> => {
    const rows: Array<{ next_offset: string }> = await dataSource.query(
      'SELECT next_offset FROM consumer_checkpoint WHERE topic = $1',
      [topic],
    );
    return rows[0]?.next_offset === String(next);
  };

  const deadLetterErrors = async (): Promise<string[]> => {
    const rows: Array<{ headers: Record<string, string> }> = await dataSource.query(
      `SELECT headers FROM outbox_message WHERE headers->>'${DEAD_LETTER_HEADERS.sourceTopic}' = $1 ORDER BY id`,
      [topic],
    );
    return rows.map((row) => row.headers[DEAD_LETTER_HEADERS.error]);
  };

  describe('dispatch', () => {
    it('should call a plain @KafkaController handler directly and a guarded one through Nest', async () => {
      await produce([
        ['probe.plain', { id: 'a' }],
        ['probe.guarded', { id: 'b' }],
        ['probe.plain', { id: 'c' }],
      ]);
      await pollUntil(() => checkpoint(3), { description: 'the three records applied' });

      expect(handled).toEqual([
        { id: 'a', viaNest: false },
        { id: 'b', viaNest: true },
        { id: 'c', viaNest: false },
      ]);
      expect(guardCalls).toBe(1);
    });

    it('should retry then park an invalid record the same way on both paths', async () => {
      await produce([
        ['probe.plain', { id: 'p', invalid: true }],
        ['probe.guarded', { id: 'g', invalid: true }],
        ['probe.plain', { id: 'ok' }],
      ]);
      await pollUntil(() => checkpoint(3), { description: 'the invalid records parked' });

      expect(await deadLetterErrors()).toEqual([
        expect.stringContaining('Invalid record: probe p is invalid on purpose'),
        expect.stringContaining('Invalid record: probe g is invalid on purpose'),
      ]);
      expect(handled.filter((call) => call.id === 'ok')).toContainEqual({ id: 'ok', viaNest: false });
    });
  });
});
