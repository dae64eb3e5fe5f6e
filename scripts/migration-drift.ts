// `npm run migrations:check` (STYLE.md rule 14): for each app with a Postgres schema, runs its
// migrations in a throwaway database and asks TypeORM's schema builder what is still missing — the
// SQL `typeorm migration:generate` would write. Any such SQL means an entity changed without its
// migration: prints it and exits 1. Reads DATABASE_URL (any database on the server: the throwaway
// one is created beside it and dropped at the end, even on failure).
import 'reflect-metadata';
import { type AppDataSourceOptions, openAppDataSource } from '@handover/event-runtime';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
import { BOT_RESPONDER_MIGRATIONS } from '../apps/bot-responder/migrations';
import { PROJECTION_ENTITIES as BOT_RESPONDER_ENTITIES } from '../apps/bot-responder/src/projection';
import { HANDOVER_MIGRATIONS } from '../apps/handover/migrations';
import { INTERVENTION_STATS_MIGRATIONS } from '../apps/intervention-stats/migrations';
import { PROJECTION_ENTITIES as INTERVENTION_STATS_ENTITIES } from '../apps/intervention-stats/src/projection';
import { PROJECTION_ENTITIES as HANDOVER_ENTITIES } from '../apps/handover/src/projection';
import { AVAILABILITY_POLLER_MIGRATIONS } from '../apps/availability-poller/migrations';
import { AVAILABILITY_POLLER_ENTITIES } from '../apps/availability-poller/src/projection';

type AppSchema = Pick<AppDataSourceOptions, 'schema' | 'entities' | 'migrations'>;

/** Every app that owns a Postgres schema: add handover, intervention-stats, … here when they get one. */
const APPS: Record<string, AppSchema> = {
  'bot-responder': {
    schema: 'bot_responder',
    entities: BOT_RESPONDER_ENTITIES,
    migrations: BOT_RESPONDER_MIGRATIONS,
  },
  'intervention-stats': {
    schema: 'intervention_stats',
    entities: INTERVENTION_STATS_ENTITIES,
    migrations: INTERVENTION_STATS_MIGRATIONS,
  },
  handover: {
    schema: 'handover',
    entities: HANDOVER_ENTITIES,
    migrations: HANDOVER_MIGRATIONS,
  },
  'availability-poller': {
    schema: 'availability_poller',
    entities: AVAILABILITY_POLLER_ENTITIES,
    migrations: AVAILABILITY_POLLER_MIGRATIONS,
  },
};

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The SQL a generated migration would contain; empty when entities and migrations agree. */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) =>
    query.parameters?.length
      ? `${query.query} -- parameters: ${JSON.stringify(query.parameters)}`
      : query.query,
  );
}

async function withAdminClient<T>(serverUrl: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function checkApp(serverUrl: string, app: string, schema: AppSchema): Promise<string[]> {
  const database = `migration_drift_${app.replace(/[^a-z0-9]/g, '_')}_${process.pid}_${Date.now()}`;
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${database}"`));
  let dataSource: DataSource | undefined;
  try {
    dataSource = await openAppDataSource({ url: url.toString(), ...schema, poolSize: 2 });
    return await pendingSchemaChanges(dataSource);
  } finally {
    await dataSource?.destroy();
    await withAdminClient(serverUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
    );
  }
}

async function main(): Promise<number> {
  const serverUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const drifted: string[] = [];
  for (const [app, schema] of Object.entries(APPS)) {
    const started = Date.now();
    const changes = await checkApp(serverUrl, app, schema);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (changes.length === 0) {
      process.stdout.write(`${app}: no drift (${seconds}s)\n`);
      continue;
    }
    drifted.push(app);
    process.stdout.write(
      `${app}: DRIFT — the entities differ from the migrations; a generated migration would run:\n` +
        changes.map((query) => `  ${query};\n`).join(''),
    );
  }
  if (drifted.length > 0) {
    process.stderr.write(
      `migration drift in ${drifted.join(', ')}: add a migration (typeorm migration:generate) for the change\n`,
    );
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `migration drift check failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
