import { createBenchDatabase, startBenchKafka } from '../lib/bench-infra';
import { randomBytes } from 'node:crypto';
import { type Admin } from 'kafkajs';
import { Client } from 'pg';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { type KafkaHandle, pollUntil } from '../../test/infra';
import { appEntry } from '../lib/app-build';
import { type BenchLifecycle } from '../lib/bench-lifecycle';
import { type RunningServer, startServer } from '../lib/server-process';

export const HANDOVER_GROUP_ID = 'handover';
export const HANDOVER_SCHEMA = 'handover';
const PRODUCTION = { NODE_ENV: 'production', LOG_LEVEL: 'warn' } as const;

/** One token per caller of the simulator, so its api-call log tells who made each call. */
export interface SimulatorTokens {
  readonly handover: string;
  readonly baseline: string;
  readonly setup: string;
}

/** What lives for the whole run: a broker and a database of the run's own, and the gateway. */
export interface HandoverStack {
  readonly kafka: KafkaHandle;
  readonly brokerPid?: number;
  readonly admin: Admin;
  readonly databaseUrl: string;
  readonly gateway: RunningServer;
  readonly adminToken: string;
  readonly tokens: SimulatorTokens;
  readonly webhook: { secret: string; verifyToken: string };
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export async function startHandoverStack(lifecycle: BenchLifecycle): Promise<HandoverStack> {
  const { kafka, brokerPid, admin } = await startBenchKafka(lifecycle, 'bench-handover-admin');
  const databaseUrl = (await createBenchDatabase(lifecycle, 'bench_handover')).url;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  lifecycle.defer('close the bench database client', () => client.end());

  const webhook = {
    secret: randomBytes(24).toString('base64url'),
    verifyToken: randomBytes(12).toString('hex'),
  };
  const adminToken = randomBytes(24).toString('base64url');
  const gateway = await startServer(lifecycle, {
    name: 'gateway',
    nodeArgs: [appEntry('gateway')],
    env: {
      ...PRODUCTION,
      KAFKA_BROKERS: kafka.brokers.join(','),
      ENGAGE_WEBHOOK_SECRET: webhook.secret,
      ENGAGE_VERIFY_TOKEN: webhook.verifyToken,
      GATEWAY_ADMIN_TOKEN: adminToken,
    },
    healthPath: '/health',
  });
  const token = (): string => randomBytes(12).toString('hex');
  return {
    kafka,
    brokerPid,
    admin,
    databaseUrl,
    gateway,
    adminToken,
    tokens: { handover: token(), baseline: token(), setup: token() },
    webhook,
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
  };
}

export interface SimulatorQuota {
  /** Calls per token within `windowMs` (SIMULATOR_RATE_LIMIT_PER_MINUTE counts per window). */
  readonly calls: number;
  readonly windowMs: number;
}

/** A fresh simulator (walkthrough seed, random ids) delivering its webhooks to the gateway. */
export function startSimulator(
  lifecycle: BenchLifecycle,
  stack: HandoverStack,
  name: string,
  quota: SimulatorQuota,
): Promise<RunningServer> {
  const { tokens } = stack;
  return startServer(lifecycle, {
    name,
    nodeArgs: [appEntry('engage-simulator')],
    env: {
      ...PRODUCTION,
      SIMULATOR_TOKENS: [tokens.handover, tokens.baseline, tokens.setup].join(','),
      SIMULATOR_WEBHOOK_URL: `${stack.gateway.baseUrl}/webhooks/engage`,
      SIMULATOR_WEBHOOK_VERIFY_TOKEN: stack.webhook.verifyToken,
      SIMULATOR_WEBHOOK_SECRET: stack.webhook.secret,
      SIMULATOR_RATE_LIMIT_PER_MINUTE: String(quota.calls),
      SIMULATOR_RATE_LIMIT_WINDOW_MS: String(quota.windowMs),
    },
    healthPath: '/_control/events',
    listenVariables: { port: 'SIMULATOR_PORT', host: 'SIMULATOR_HOST' },
  });
}

export interface HandoverBudget {
  /** ENGAGE_QUOTA_CALLS */
  readonly calls: number;
  /** ENGAGE_QUOTA_WINDOW_MS */
  readonly windowMs: number;
}

/** Far above the latency part's 2 calls per handover: there, the quota must not be what is measured. */
export const UNBOUNDED_SIMULATOR: SimulatorQuota = { calls: 100_000_000, windowMs: 60_000 };
export const UNBOUNDED_HANDOVER: HandoverBudget = { calls: 1_000_000, windowMs: 60_000 };

/**
 * The built handover, configured as for the walkthrough seed (messaging source realtime, email
 * asynchronous), its effects paced by `budget`; resolves once its consumer joined the group.
 * Always the same schema and group: a restart continues from the checkpoints of the one before.
 */
export async function startHandover(
  lifecycle: BenchLifecycle,
  stack: HandoverStack,
  simulator: RunningServer,
  options: { name: string; budget: HandoverBudget; nodeArgs?: readonly string[] },
): Promise<{ server: RunningServer; env: Record<string, string> }> {
  const env = {
    ...PRODUCTION,
    KAFKA_BROKERS: stack.kafka.brokers.join(','),
    DATABASE_URL: stack.databaseUrl,
    DATABASE_SCHEMA: HANDOVER_SCHEMA,
    KAFKA_GROUP_ID: HANDOVER_GROUP_ID,
    ENGAGE_BASE_URL: `${simulator.baseUrl}/1.0`,
    ENGAGE_API_TOKEN: stack.tokens.handover,
    BOT_CATEGORY_ID: WALKTHROUGH.botCategoryId,
    AGENT_CATEGORY_ID: WALKTHROUGH.agentCategoryId,
    BOT_USER_ID: WALKTHROUGH.botUserId,
    HANDOVER_REALTIME_SOURCE_IDS: WALKTHROUGH.sourceId,
    ENGAGE_QUOTA_CALLS: String(options.budget.calls),
    ENGAGE_QUOTA_WINDOW_MS: String(options.budget.windowMs),
    // The emergency's moves alone are measured: none of the quota is held back for replies.
    ENGAGE_QUOTA_RESERVED_FOR_REPLIES: '0',
    // Scaled with the bench's quota (50 calls/s, 2 per move): the sweep must not be what paces it.
    HANDOVER_EMERGENCY_MOVES_IN_FLIGHT: '50',
  };
  const server = await startServer(lifecycle, {
    name: options.name,
    nodeArgs: [...(options.nodeArgs ?? []), appEntry('handover')],
    env,
    healthPath: '/health/live',
  });
  // Live answers HTTP before the consumer has joined: records sent earlier would wait for the join.
  await pollUntil(
    async () => {
      const { groups } = await stack.admin.describeGroups([HANDOVER_GROUP_ID]);
      return groups[0]?.state === 'Stable' && groups[0].members.length > 0;
    },
    { timeoutMs: 60_000, intervalMs: 250, description: `${options.name} to join its consumer group` },
  );
  return { server, env };
}

/** Effects handover recorded and has not settled: a stopped handover would leave them to the next one. */
export async function pendingEffects(stack: HandoverStack): Promise<number> {
  const rows = await stack.query<{ pending: number }>(
    `SELECT count(*)::int AS pending FROM ${HANDOVER_SCHEMA}.effect WHERE status = 'pending'`,
  );
  return rows[0]?.pending ?? 0;
}

/** Threads of a source whose facts handover holds (from engage.events.v1), with an intervention if asked. */
export async function threadsKnown(
  stack: HandoverStack,
  sourceId: string,
  withIntervention = false,
): Promise<number> {
  const rows = await stack.query<{ known: number }>(
    `SELECT count(*)::int AS known FROM ${HANDOVER_SCHEMA}.thread_facts
     WHERE source_id = $1 AND ($2::boolean IS FALSE OR intervention_id IS NOT NULL)`,
    [sourceId, withIntervention],
  );
  return rows[0]?.known ?? 0;
}

/** The database's own activity counters (pg_stat_*; flushed by each backend at most a second late). */
export interface DbActivity {
  readonly transactions: number;
  readonly rowsWritten: number;
  /** Rows read by sequential scans plus index entries read, as pg_stat_database counts them. */
  readonly rowsRead: number;
  /** Per table (schema.name): sequential scans and the rows they read, index scans and the entries they read. */
  readonly tables: Readonly<Record<string, TableReads>>;
}

export interface TableReads {
  readonly seqScans: number;
  readonly seqRows: number;
  readonly indexScans: number;
  readonly indexRows: number;
}

export async function dbActivity(stack: HandoverStack): Promise<DbActivity> {
  const rows = await stack.query<{ transactions: string; written: string; read: string }>(
    `SELECT xact_commit + xact_rollback AS transactions, tup_inserted + tup_updated + tup_deleted AS written,
            tup_returned + tup_fetched AS read
     FROM pg_stat_database WHERE datname = current_database()`,
  );
  const tables = await stack.query<{
    name: string;
    seq: string;
    seq_rows: string;
    idx: string;
    idx_rows: string;
  }>(
    // Every schema, the catalogs included; index entries read, not only the rows they led to.
    `SELECT s.schemaname || '.' || s.relname AS name, COALESCE(s.seq_scan, 0) AS seq,
            COALESCE(s.seq_tup_read, 0) AS seq_rows, COALESCE(s.idx_scan, 0) AS idx,
            COALESCE((SELECT sum(i.idx_tup_read) FROM pg_stat_all_indexes i WHERE i.relid = s.relid), 0) AS idx_rows
     FROM pg_stat_all_tables s`,
  );
  return {
    transactions: Number(rows[0]?.transactions ?? 0),
    rowsWritten: Number(rows[0]?.written ?? 0),
    rowsRead: Number(rows[0]?.read ?? 0),
    tables: Object.fromEntries(
      tables.map((table) => [
        table.name,
        {
          seqScans: Number(table.seq),
          seqRows: Number(table.seq_rows),
          indexScans: Number(table.idx),
          indexRows: Number(table.idx_rows),
        },
      ]),
    ),
  };
}

/** What the run did to the database, per handover request. */
export interface DbPerHandover {
  readonly handovers: number;
  readonly transactions: number;
  readonly rowsWritten: number;
  readonly rowsRead: number;
  /** The tables read most, per handover. */
  readonly tables: Readonly<Record<string, TableReads>>;
}

export function dbPerHandover(before: DbActivity, after: DbActivity, handovers: number): DbPerHandover {
  const per = (value: number): number => value / handovers;
  const tables = Object.entries(after.tables).map(([name, table]) => {
    const earlier = before.tables[name] ?? { seqScans: 0, seqRows: 0, indexScans: 0, indexRows: 0 };
    return [
      name,
      {
        seqScans: per(table.seqScans - earlier.seqScans),
        seqRows: per(table.seqRows - earlier.seqRows),
        indexScans: per(table.indexScans - earlier.indexScans),
        indexRows: per(table.indexRows - earlier.indexRows),
      },
    ] as const;
  });
  return {
    handovers,
    transactions: per(after.transactions - before.transactions),
    rowsWritten: per(after.rowsWritten - before.rowsWritten),
    rowsRead: per(after.rowsRead - before.rowsRead),
    tables: Object.fromEntries(
      tables.sort(([, a], [, b]) => b.seqRows + b.indexRows - (a.seqRows + a.indexRows)).slice(0, 4),
    ),
  };
}

/** A fresh database on the local server, dropped when the bench ends. */
