import { Client } from 'pg';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { createTestDatabase } from './test-database';

class CreateInfraSpecWidget1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE infra_spec_widget (id serial PRIMARY KEY, name text NOT NULL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE infra_spec_widget');
  }
}

async function firstValue<T>(url: string, sql: string, params: unknown[] = []): Promise<T | undefined> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ value: T }>(sql, params);
    return result.rows[0]?.value;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates a database that the given migrations have built', async () => {
    const database = await createTestDatabase({ migrations: [CreateInfraSpecWidget1700000000000] });
    try {
      expect(database.name).toMatch(/^test_[0-9a-f]+$/);
      expect(
        await firstValue(database.url, "SELECT to_regclass('public.infra_spec_widget')::text AS value"),
      ).toBe('infra_spec_widget');
      expect(await firstValue(database.url, 'SELECT count(*)::int AS value FROM migrations')).toBe(1);
    } finally {
      await database.drop();
    }
  });

  it('drop() removes the database from the server', async () => {
    const database = await createTestDatabase();
    const exists = (): Promise<number | undefined> =>
      firstValue<number>(
        process.env.DATABASE_URL ?? '',
        'SELECT 1 AS value FROM pg_database WHERE datname = $1',
        [database.name],
      );
    expect(await exists()).toBe(1);

    await database.drop();

    expect(await exists()).toBeUndefined();
  });
});
