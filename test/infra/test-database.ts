import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { query } from './postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database per test file on the run's Postgres server, built by the real migrations (never
 * `synchronize`), so tests see exactly the schema production gets.
 */
export async function createTestDatabase(
  options: { migrations?: Array<new () => unknown> } = {},
): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    throw new Error(
      'DATABASE_URL is not set. Integration and e2e tests get it from test/infra/global-setup.ts: run them with ' +
        '`jest --selectProjects int` (or e2e) and without HANDOVER_INFRA=none, or export it from `npm run infra:up`.',
    );
  }
  const name = `test_${randomBytes(6).toString('hex')}`;
  const url = withDatabase(serverUrl, name);
  await query(serverUrl, `CREATE DATABASE "${name}"`);
  const database: TestDatabase = {
    url,
    name,
    drop: () => query(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
  const migrations = options.migrations ?? [];
  if (migrations.length > 0) {
    try {
      await runMigrations(url, migrations);
    } catch (error) {
      await database.drop().catch(() => undefined);
      throw error;
    }
  }
  return database;
}

async function runMigrations(url: string, migrations: Array<new () => unknown>): Promise<void> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations,
    synchronize: false,
    logging: false,
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
