import { createTestDatabase, type TestDatabase } from '@handover/test-infra';
import { openAppDataSource } from './app-data-source';

describe('openAppDataSource', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should let replicas starting together on an empty database take turns, every one opened', async () => {
    const open = () =>
      openAppDataSource({ url: database.url, schema: 'replicas_check', entities: [], migrations: [] });

    const replicas = await Promise.all([open(), open(), open()]);
    try {
      const [row] = await replicas[0].query<Array<{ runs: number }>>(
        'SELECT count(*)::int AS runs FROM migrations WHERE name LIKE $1',
        ['CreateEventRuntimeTables%'],
      );
      expect(row.runs).toBe(1);
    } finally {
      await Promise.all(replicas.map((replica) => replica.destroy()));
    }
  });

  /**
   * DATABASE_URL's sslmode reaches the driver as libpq defines it: asked for TLS, an app never falls
   * back to a plaintext connection. This machine's Postgres has ssl off, so a TLS connection is
   * refused: that refusal is the proof.
   */
  describe('DATABASE_URL sslmode', () => {
    const open = (query: string) =>
      openAppDataSource({
        url: `${database.url}${query}`,
        schema: 'ssl_check',
        entities: [],
        migrations: [],
      });

    it.each(['require', 'verify-full'])(
      'should refuse to connect without TLS when sslmode=%s',
      async (mode) => {
        await expect(open(`?sslmode=${mode}`)).rejects.toThrow(/does not support SSL/);
      },
    );

    it('should connect without TLS when sslmode=disable says so', async () => {
      const dataSource = await open('?sslmode=disable');
      try {
        const [row] = await dataSource.query<Array<{ ssl: boolean }>>(
          'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
        );
        expect(row.ssl).toBe(false);
      } finally {
        await dataSource.destroy();
      }
    });
  });
});
