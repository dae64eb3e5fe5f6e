import { stopOnce } from './stop-once.util';
import { Client } from 'pg';
import { containerRuntime, useContainers } from './docker-engine.util';
import { type PostgresHandle } from './infra-handles';
import { describeError } from './poll-until.util';

export const POSTGRES_IMAGE = 'postgres:15';
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PostgresContainerHandle extends PostgresHandle {
  containerId: string;
}

/** Postgres for tests and `npm start`: DATABASE_URL if given, else a container if Docker answers, else the local server. */
export async function startPostgres(): Promise<PostgresHandle> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) {
    return { url, kind: 'external', stop: () => Promise.resolve() };
  }
  return provisionPostgres();
}

/** A server of our own, ignoring DATABASE_URL (a container outlives this process only without Ryuk). */
export async function provisionPostgres(): Promise<PostgresContainerHandle | PostgresHandle> {
  if (await useContainers()) {
    return startPostgresContainer();
  }
  await assertPostgresAnswers(LOCAL_POSTGRES_URL);
  return { url: LOCAL_POSTGRES_URL, kind: 'local', stop: () => Promise.resolve() };
}

async function startPostgresContainer(): Promise<PostgresContainerHandle> {
  await containerRuntime();
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const started = await new PostgreSqlContainer(POSTGRES_IMAGE).start();
  return {
    url: started.getConnectionUri(),
    kind: 'container',
    containerId: started.getId(),
    stop: stopOnce(started),
  };
}

export async function postgresAnswers(url: string): Promise<boolean> {
  try {
    await query(url, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

async function assertPostgresAnswers(url: string): Promise<void> {
  try {
    await query(url, 'SELECT 1');
  } catch (error) {
    throw new Error(
      `No Postgres to test against: DATABASE_URL is not set, no Docker engine answered (or HANDOVER_INFRA=local), ` +
        `and ${url} does not answer (${describeError(error)}). Start a local PostgreSQL 15 that lets user ` +
        `"postgres" in without a password, start Docker, or set DATABASE_URL.`,
      { cause: error },
    );
  }
}

/** Runs one statement on its own short-lived connection. */
export async function query(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}
