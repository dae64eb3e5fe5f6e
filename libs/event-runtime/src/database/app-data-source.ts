import { Logger } from '@nestjs/common';
import { Client, type Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { type PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { RUNTIME_ENTITIES, RUNTIME_MIGRATIONS } from '../runtime-schema';

export interface AppDataSourceOptions {
  url: string;
  /** The app's own schema (ARCHITECTURE.md: each service owns its state). */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities: readonly Function[];
  /** The app's migrations; the runtime tables' migration is prepended. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations: readonly Function[];
  poolSize?: number;
}

/** Nest's token for an app's own data source, where its HTTP side or a job needs it directly. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * A data source confined to one schema: every connection's search_path is the schema, so the
 * same migrations and SQL serve the live schema and a replay's fresh one.
 */
export function appDataSource(options: AppDataSourceOptions): DataSource {
  if (!SCHEMA_NAME.test(options.schema)) {
    throw new Error(`Invalid schema name "${options.schema}"`);
  }
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: [...RUNTIME_ENTITIES, ...options.entities],
    migrations: [...RUNTIME_MIGRATIONS, ...options.migrations],
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    extra: { options: `-c search_path=${options.schema}`, max: options.poolSize ?? 20 },
  });
}

/**
 * Creates the schema if needed, connects and runs pending migrations. Replicas starting together
 * take turns (an advisory lock per schema, held on a connection of its own): the second finds the
 * schema and its migrations done instead of racing the first into a duplicate-key error.
 */
export async function openAppDataSource(options: AppDataSourceOptions): Promise<DataSource> {
  const lock = new Client({ connectionString: options.url });
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext('schema:' || $1))`, [options.schema]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    const dataSource = appDataSource(options);
    await dataSource.initialize();
    survivePostgresDisconnects((dataSource.driver as PostgresDriver).master as Pool);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
    return dataSource;
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}

const guarded = new WeakSet<PoolClient>();
const logger = new Logger('Postgres');

/**
 * A connection Postgres drops (`pg_terminate_backend`, a restart, a failover) emits `error` on its
 * client, and an `error` event without a listener ends the process. pg-pool listens only while a
 * client is idle, TypeORM only while one of its query runners holds it, and a dropped connection can
 * emit again after TypeORM let go (seen: every app crashed in `npm run chaos`; typeorm#4347,
 * typeorm#5387). A listener of our own on every client the pool hands out only logs: the query in
 * flight fails on its own, and the pool has already discarded the client.
 */
function survivePostgresDisconnects(pool: Pool): void {
  pool.on('acquire', (client) => {
    if (guarded.has(client)) {
      return;
    }
    guarded.add(client);
    client.on('error', (error: Error) => logger.warn(`A Postgres connection was dropped: ${error.message}`));
  });
}
