import { createTestDatabase, type TestDatabase } from '@handover/test-infra';
import { type DataSource } from 'typeorm';
import { openAppDataSource } from '../database/app-data-source';
import { RuntimeJanitor } from './runtime-janitor';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

describe(RuntimeJanitor.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const now = new Date('2030-01-10T12:00:00Z');
  const ago = (ms: number): Date => new Date(now.getTime() - ms);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openAppDataSource({
      url: database.url,
      schema: 'janitor_test',
      entities: [],
      migrations: [],
      poolSize: 2,
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function outbox(key: string, sentAt: Date | null): Promise<void> {
    await dataSource.query(
      `INSERT INTO outbox_message (topic, key, value, headers, sent_at) VALUES ('t', $1, '{}', '{}', $2)`,
      [key, sentAt],
    );
  }

  async function effect(id: string, status: string, updatedAt: Date): Promise<void> {
    await dataSource.query(
      `INSERT INTO effect (id, kind, sequence_key, payload, status, updated_at) VALUES ($1, 'k', 's', '{}', $2, $3)`,
      [id, status, updatedAt],
    );
  }

  async function processed(id: string, at: Date): Promise<void> {
    await dataSource.query(
      `INSERT INTO processed_event (consumer, event_id, topic, partition, "offset", processed_at)
       VALUES ('c', $1, 't', 0, 0, $2)`,
      [id, at],
    );
  }

  const ids = async (sql: string): Promise<string[]> =>
    (await dataSource.query<Array<{ id: string }>>(sql)).map((row) => row.id).sort();

  it('should delete only what is sent or settled and older than its retention, in batches', async () => {
    await outbox('sent-old-1', ago(2 * HOUR));
    await outbox('sent-old-2', ago(3 * HOUR));
    await outbox('sent-old-3', ago(4 * HOUR));
    await outbox('sent-recent', ago(10 * 60_000));
    await outbox('unsent-old', null);
    await effect('done-old', 'done', ago(8 * DAY));
    await effect('failed-old', 'failed', ago(9 * DAY));
    await effect('pending-old', 'pending', ago(30 * DAY));
    await effect('done-recent', 'done', ago(DAY));
    await processed('old', ago(8 * DAY));
    await processed('recent', ago(6 * DAY));

    const janitor = new RuntimeJanitor(dataSource, { now: () => now, batchSize: 2 });
    const report = await janitor.runOnce();

    expect(report).toEqual({ outbox: 3, effects: 2, processedEvents: 1 });
    expect(await ids('SELECT key AS id FROM outbox_message')).toEqual(['sent-recent', 'unsent-old']);
    expect(await ids('SELECT id FROM effect')).toEqual(['done-recent', 'pending-old']);
    expect(await ids('SELECT event_id AS id FROM processed_event')).toEqual(['recent']);
    expect(await janitor.runOnce()).toEqual({ outbox: 0, effects: 0, processedEvents: 0 });
  });
});
