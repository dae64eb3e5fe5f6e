import { createTestDatabase, type TestDatabase } from '@handover/test-infra';
import { Client } from 'pg';
import { type DataSource, type EntityManager } from 'typeorm';
import { openAppDataSource } from './app-data-source';
import { queryWithPending, WriteBehind, writeBlind } from './write-behind';

describe(WriteBehind.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const sent: string[] = [];
  const query = Client.prototype.query;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openAppDataSource({
      url: database.url,
      schema: 'write_behind_test',
      entities: [],
      migrations: [],
    });
    await dataSource.query('CREATE TABLE note (id text PRIMARY KEY, body text NOT NULL)');
    await dataSource.query('CREATE TABLE mark (id text PRIMARY KEY, n int NOT NULL)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE note, mark');
    sent.length = 0;
    // What reaches Postgres, statement by statement.
    jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const config = args[0] as string | { text: string };
      sent.push(typeof config === 'string' ? config : config.text);
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    });
  });

  afterEach(() => jest.restoreAllMocks());

  const inBatch = <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> =>
    dataSource.transaction(async (manager) => {
      const writes = WriteBehind.attach(manager);
      try {
        const result = await work(manager);
        await writes?.flush();
        return result;
      } finally {
        writes?.detach();
      }
    });

  const notes = async (): Promise<unknown[]> => dataSource.query('SELECT id, body FROM note ORDER BY id');

  it('should send the blind writes with the statement that carries them, in one round trip', async () => {
    const counted = await inBatch(async (manager) => {
      await writeBlind(manager, 'INSERT INTO note (id, body) VALUES ($1, $2)', ['a', 'first']);
      await writeBlind(manager, 'INSERT INTO mark (id, n) VALUES ($1, $2)', ['a', 1]);
      sent.length = 0;
      return queryWithPending<Array<{ n: string }>>(
        manager,
        'SELECT count(*) AS n FROM pg_class WHERE relname = $1',
        ['note'],
      );
    });

    expect(sent).toHaveLength(2); // the carrying statement, then COMMIT
    expect(sent[0]).toMatch(
      /^WITH w1 AS \(INSERT INTO note .*\), w2 AS \(INSERT INTO mark .*\) SELECT count/s,
    );
    expect(counted).toEqual([{ n: '1' }]);
    expect(await notes()).toEqual([{ id: 'a', body: 'first' }]);
    expect(await dataSource.query('SELECT id, n FROM mark')).toEqual([{ id: 'a', n: 1 }]);
  });

  it('should let a read see every write made before it in the transaction', async () => {
    const seen = await inBatch(async (manager) => {
      await writeBlind(manager, 'INSERT INTO note (id, body) VALUES ($1, $2)', ['a', 'first']);
      return manager.query<Array<{ body: string }>>('SELECT body FROM note WHERE id = $1', ['a']);
    });

    expect(seen).toEqual([{ body: 'first' }]);
  });

  it('should apply two writes to one row in their order, never in one statement', async () => {
    await inBatch(async (manager) => {
      const upsert =
        'INSERT INTO note (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = excluded.body';
      await writeBlind(manager, upsert, ['a', 'first']);
      await writeBlind(manager, upsert, ['a', 'second']);
    });

    expect(await notes()).toEqual([{ id: 'a', body: 'second' }]);
  });

  it('should commit none of the writes when one of them fails', async () => {
    const failed = inBatch(async (manager) => {
      await writeBlind(manager, 'INSERT INTO mark (id, n) VALUES ($1, $2)', ['a', 1]);
      await writeBlind(manager, 'INSERT INTO note (id, body) VALUES ($1, $2)', ['a', 'nul \u0000 byte']);
    });

    await expect(failed).rejects.toMatchObject({ code: '22021' });
    expect(await notes()).toEqual([]);
    expect(await dataSource.query('SELECT id FROM mark')).toEqual([]);
  });

  it('should drop, not send, the writes a rollback to a savepoint undoes, even ones Postgres would refuse', async () => {
    await inBatch(async (manager) => {
      await writeBlind(manager, 'INSERT INTO note (id, body) VALUES ($1, $2)', ['kept', 'before']);
      await manager.query('SAVEPOINT record');
      await writeBlind(manager, 'INSERT INTO mark (id, n) VALUES ($1, $2)', ['undone', 1]);
      await writeBlind(manager, 'INSERT INTO note (id, body) VALUES ($1, $2)', ['bad', 'nul \u0000 byte']);
      await manager.query('ROLLBACK TO SAVEPOINT record');
    });

    expect(await notes()).toEqual([{ id: 'kept', body: 'before' }]);
    expect(await dataSource.query('SELECT id FROM mark')).toEqual([]);
  });

  it('should run a blind write at once outside a batch transaction', async () => {
    await writeBlind(dataSource.manager, 'INSERT INTO note (id, body) VALUES ($1, $2)', ['a', 'now']);

    expect(await notes()).toEqual([{ id: 'a', body: 'now' }]);
  });
});
