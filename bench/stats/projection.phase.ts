import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { appEntry } from '../lib/app-build';
import { type BenchLifecycle } from '../lib/bench-lifecycle';
import { type CpuReport, CpuMeter, type MemoryReport, RssSampler } from '../lib/process-stats';
import { REPO_ROOT } from '../lib/repo-root';
import { startServer } from '../lib/server-process';
import {
  RAW_CONSUMER_CONFIG_ENV,
  type RawConsumerConfig,
  type RawConsumerReport,
} from '../bot/raw-consumer.baseline';
import {
  POSTGRES_CONSUMER_CONFIG_ENV,
  type PostgresConsumerConfig,
  type PostgresConsumerReport,
} from '../bot/postgres-consumer.baseline';
import { type EndOffsets, recordsBefore } from '../bot/topic-reader.util';
import { BENCH_DIR, runReportingChild } from '../lib/reporting-child';
import { PostgresCpuMeter } from './postgres-cpu.util';
import { type StatsStack } from './stats-stack.phase';
import { BENCH_DASHBOARD_ENV } from './analytics-queries.phase';

export const STATS_SCHEMA = 'intervention_stats';
const STATS_GROUP_ID = 'intervention-stats';
const POLL_MS = 200;
const CATCH_UP_BOUND_MS = 12 * 60_000;
export const PROFILE_DIR = join(REPO_ROOT, 'test-artifacts', 'cpu-profiles');
/** Tables whose row counts tell what one batch wrote. */
const WRITTEN_TABLES = [
  'consumer_checkpoint',
  'processed_event',
  'stats_thread_engage',
  'stats_thread_bot',
  'stats_thread_handover',
  'stats_timeline',
] as const;

export interface ProjectionRun {
  /** From spawning the process to every checkpoint at its end offset. */
  readonly seconds: number;
  /** Spawn → /health/live answered (Nest start, migrations). */
  readonly startSeconds: number;
  /** Spawn → the first checkpoint row (group joined, first batch committed). */
  readonly firstCheckpointSeconds: number;
  readonly recordsPerSec: number;
  /** First checkpoint → caught up. */
  readonly projectingRecordsPerSec: number;
  /** Between 10% and 90% of the records: the steady rate, without start and tail. */
  readonly steadyRecordsPerSec: number;
  readonly progress: ReadonlyArray<{ second: number; records: number }>;
  readonly cpu: CpuReport;
  readonly postgresCpuPercent?: number;
  readonly memory: MemoryReport;
  readonly database: DatabaseWork;
  readonly env: Readonly<Record<string, string>>;
  /** Settings the app took from the bench's own environment (startServer passes it on). */
  readonly inheritedEnv: Readonly<Record<string, string>>;
  readonly profile?: string;
}

export interface DatabaseWork {
  /** Checkpoint advances: one per committed batch. */
  readonly batches: number;
  readonly recordsPerBatch: number;
  /** Commits in the database (batches, the outbox relay's wake-ups, the bench's own polls excluded). */
  readonly transactionsPerBatch: number;
  readonly rows: Record<string, { inserted: number; updated: number }>;
  readonly blocksRead: number;
  readonly tempBytes: number;
}

export interface ProjectionPhaseResult {
  readonly records: number;
  readonly raw: RawConsumerReport & { recordsPerSec: number; readingRecordsPerSec: number; cpu: CpuReport };
  /** (c) a bare consumer writing every record to Postgres, one statement per batch: the floor of the work. */
  readonly floor: PostgresConsumerReport & { recordsPerSec: number; cpu: CpuReport };
  readonly app: ProjectionRun;
  /** (b)/(a), whole runs (start, group join and tail included on both sides). */
  readonly ratio: number;
  /** (b) steady rate / (a) reading-only rate. */
  readonly steadyRatio: number;
  /** (b)/(c), whole runs. */
  readonly floorRatio: number;
}

/** (a) a raw kafkajs consumer, (c) a bare consumer writing to Postgres, then (b) intervention-stats from offset 0, over the same records. */
export async function runProjectionPhase(
  lifecycle: BenchLifecycle,
  stack: StatsStack,
  options: { ends: EndOffsets; cpuProfileName?: string },
): Promise<{ result: ProjectionPhaseResult; appEnv: Readonly<Record<string, string>> }> {
  const records = recordsBefore(options.ends);
  process.stderr.write(`• (a) raw kafkajs consumer over ${records.toLocaleString('en-US')} records\n`);
  const config: RawConsumerConfig = { brokers: stack.kafka.brokers, ends: options.ends };
  const raw = await runReportingChild<RawConsumerReport>(lifecycle, {
    name: 'raw consumer baseline',
    file: join(BENCH_DIR, 'bot', 'raw-consumer.baseline.ts'),
    env: { ...process.env, [RAW_CONSUMER_CONFIG_ENV]: JSON.stringify(config) },
    brokerPid: stack.brokerPid,
  });
  if (raw.report.records !== records) {
    throw new Error(`the raw consumer read ${raw.report.records} records, not ${records}`);
  }

  process.stderr.write(
    `• (c) bare consumer writing the ${records.toLocaleString('en-US')} records to Postgres\n`,
  );
  const floorConfig: PostgresConsumerConfig = { ...config, databaseUrl: stack.databaseUrl };
  const floor = await runReportingChild<PostgresConsumerReport>(lifecycle, {
    name: 'postgres consumer baseline',
    file: join(BENCH_DIR, 'bot', 'postgres-consumer.baseline.ts'),
    env: { ...process.env, [POSTGRES_CONSUMER_CONFIG_ENV]: JSON.stringify(floorConfig) },
    brokerPid: stack.brokerPid,
  });

  process.stderr.write('• (b) intervention-stats projecting from offset 0 into a fresh schema\n');
  const appEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: stack.kafka.brokers.join(','),
    DATABASE_URL: stack.databaseUrl,
    DATABASE_SCHEMA: STATS_SCHEMA,
    KAFKA_GROUP_ID: STATS_GROUP_ID,
    ...BENCH_DASHBOARD_ENV,
  };
  const app = await projectAll(lifecycle, stack, { ...options, records, env: appEnv });
  const rawRate = records / raw.report.seconds;
  const rawReadingRate = records / raw.report.readingSeconds;
  return {
    result: {
      records,
      raw: { ...raw.report, recordsPerSec: rawRate, readingRecordsPerSec: rawReadingRate, cpu: raw.cpu },
      floor: { ...floor.report, recordsPerSec: records / floor.report.seconds, cpu: floor.cpu },
      app,
      ratio: app.recordsPerSec / rawRate,
      steadyRatio: app.steadyRecordsPerSec / rawReadingRate,
      floorRatio: app.recordsPerSec / (records / floor.report.seconds),
    },
    appEnv,
  };
}

/** Starts the production build, times it until its checkpoints reach the end offsets, stops it. */
async function projectAll(
  lifecycle: BenchLifecycle,
  stack: StatsStack,
  options: { ends: EndOffsets; records: number; env: Record<string, string>; cpuProfileName?: string },
): Promise<ProjectionRun> {
  const profiling = options.cpuProfileName
    ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${options.cpuProfileName}`]
    : [];
  const before = await databaseCounters(stack);
  const spawned = performance.now();
  const postgresCpu = new PostgresCpuMeter();
  const running = await startServer(lifecycle, {
    name: 'intervention-stats',
    nodeArgs: [...profiling, appEntry('intervention-stats')],
    env: options.env,
    healthPath: '/health/live',
  });
  // CPU is metered from here: the pid is only known now; what came before is Nest's start.
  const live = performance.now();
  const cpu = new CpuMeter({ app: running.pid, broker: stack.brokerPid, bench: process.pid });
  const rss = new RssSampler(running.pid);

  const progress: Array<{ second: number; records: number }> = [];
  let firstCheckpoint: number | undefined;
  let polls = 0;
  for (;;) {
    const applied = await appliedRecords(stack, options.ends);
    polls++;
    const now = performance.now();
    if (applied !== undefined) {
      firstCheckpoint ??= now;
      progress.push({ second: (now - spawned) / 1_000, records: applied });
      if (applied >= options.records) {
        break;
      }
    }
    if (running.child.exit !== undefined) {
      throw running.child.failure(`${running.child.exit} while projecting`);
    }
    if (now - spawned > CATCH_UP_BOUND_MS) {
      throw running.child.failure(
        `did not reach the end offsets within ${CATCH_UP_BOUND_MS / 1_000} s (at ${applied ?? 0})`,
      );
    }
    await delay(POLL_MS);
  }
  const done = performance.now();
  const cpuReport = cpu.finish();
  const postgresCpuPercent = postgresCpu.finish();
  const memory = rss.finish();
  await running.child.stop(30_000);
  // Backends report their counters at most a second after a transaction.
  await delay(1_500);
  const after = await databaseCounters(stack);
  const seconds = (done - spawned) / 1_000;
  const projectingSeconds = (done - (firstCheckpoint ?? done)) / 1_000;
  return {
    seconds,
    startSeconds: (live - spawned) / 1_000,
    firstCheckpointSeconds: ((firstCheckpoint ?? done) - spawned) / 1_000,
    recordsPerSec: options.records / seconds,
    projectingRecordsPerSec: options.records / projectingSeconds,
    steadyRecordsPerSec: steadyRate(progress, options.records),
    progress,
    cpu: cpuReport,
    postgresCpuPercent,
    memory,
    database: databaseWork(before, after, options.records, polls),
    env: options.env,
    inheritedEnv: inheritedSettings(options.env),
    profile: options.cpuProfileName ? join(PROFILE_DIR, options.cpuProfileName) : undefined,
  };
}

function inheritedSettings(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        /^(CONSUMER_|KAFKA_|LEDGER_|NODE_OPTIONS$|UV_THREADPOOL_SIZE$)/.test(entry[0]) &&
        entry[1] !== undefined &&
        !(entry[0] in env),
    ),
  );
}

/** Records below the checkpoints (capped at the end offsets); undefined before the first checkpoint. */
async function appliedRecords(stack: StatsStack, ends: EndOffsets): Promise<number | undefined> {
  let rows: Array<{ topic: string; partition: number; next_offset: string }>;
  try {
    rows = await stack.query(`SELECT topic, partition, next_offset FROM ${STATS_SCHEMA}.consumer_checkpoint`);
  } catch {
    return undefined;
  }
  if (rows.length === 0) {
    return undefined;
  }
  return rows.reduce((sum, row) => {
    const end = ends[`${row.topic}/${row.partition}`] ?? 0;
    return sum + Math.min(end, Number(row.next_offset));
  }, 0);
}

function steadyRate(progress: ReadonlyArray<{ second: number; records: number }>, records: number): number {
  const at = (share: number): number | undefined =>
    progress.find((sample) => sample.records >= share * records)?.second;
  const from = at(0.1);
  const to = at(0.9);
  return from === undefined || to === undefined || to <= from ? Number.NaN : (0.8 * records) / (to - from);
}

interface DatabaseCounters {
  commits: number;
  blocksRead: number;
  tempBytes: number;
  tables: Record<string, { inserted: number; updated: number }>;
}

async function databaseCounters(stack: StatsStack): Promise<DatabaseCounters> {
  const [database] = await stack.query<{ commits: string; blocks_read: string; temp_bytes: string }>(
    `SELECT xact_commit AS commits, blks_read AS blocks_read, temp_bytes FROM pg_stat_database WHERE datname = $1`,
    [stack.databaseName],
  );
  const tables = await stack.query<{ relname: string; inserted: string; updated: string }>(
    `SELECT relname, n_tup_ins AS inserted, n_tup_upd AS updated FROM pg_stat_user_tables WHERE schemaname = $1`,
    [STATS_SCHEMA],
  );
  return {
    commits: Number(database.commits),
    blocksRead: Number(database.blocks_read),
    tempBytes: Number(database.temp_bytes),
    tables: Object.fromEntries(
      tables.map((row) => [row.relname, { inserted: Number(row.inserted), updated: Number(row.updated) }]),
    ),
  };
}

function databaseWork(
  before: DatabaseCounters,
  after: DatabaseCounters,
  records: number,
  benchQueries: number,
): DatabaseWork {
  const rows: Record<string, { inserted: number; updated: number }> = {};
  for (const table of WRITTEN_TABLES) {
    rows[table] = {
      inserted: (after.tables[table]?.inserted ?? 0) - (before.tables[table]?.inserted ?? 0),
      updated: (after.tables[table]?.updated ?? 0) - (before.tables[table]?.updated ?? 0),
    };
  }
  const batches = rows.consumer_checkpoint.inserted + rows.consumer_checkpoint.updated;
  // The bench's own queries meanwhile: each poll, and the two counter reads.
  const commits = after.commits - before.commits - benchQueries - 2;
  return {
    batches,
    recordsPerBatch: batches === 0 ? Number.NaN : records / batches,
    transactionsPerBatch: batches === 0 ? Number.NaN : commits / batches,
    rows,
    blocksRead: after.blocksRead - before.blocksRead,
    tempBytes: after.tempBytes - before.tempBytes,
  };
}
