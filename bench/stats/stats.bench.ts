import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ensureAppBuilt, appEntry } from '../lib/app-build';
import { type Bench } from '../lib/bench';
import { type FlagSpec, type ParsedFlags, parseFlags } from '../lib/bench-args';
import { BenchLifecycle } from '../lib/bench-lifecycle';
import { benchKafkaClient } from '../lib/kafka-client';
import { startServer } from '../lib/server-process';
import { endOffsetsOf, recordsBefore } from '../bot/topic-reader.util';
import { runAnalyticsQueries } from './analytics-queries.phase';
import { ConversationLog } from './conversation-log.generator';
import { type ProfileSummary, summarizeCpuProfile } from '../lib/cpu-profile.summary';
import { PROFILE_DIR, runProjectionPhase, STATS_SCHEMA } from './projection.phase';
import { printStatsReport, type RollupFigures } from './stats.report';
import { CONSUMED_TOPICS, startStatsStack, type StatsStack } from './stats-stack.phase';
import { loadTopics } from './topic-load.phase';

const FLAGS = {
  events: {
    kind: 'int',
    description: 'records written over the three topics, then projected',
    default: 1_000_000,
    min: 1_000,
    max: 5_000_000,
  },
  requests: {
    kind: 'int',
    description: 'requests per analytics endpoint, sequential and again concurrent',
    default: 300,
    min: 10,
    max: 100_000,
  },
  concurrency: {
    kind: 'int',
    description: 'requests in flight in the concurrent run',
    default: 4,
    min: 2,
    max: 64,
  },
  'query-bound': {
    kind: 'int',
    description: 'seconds at most per endpoint and mode; fewer requests are timed if it runs out',
    default: 30,
    min: 1,
    max: 600,
  },
  seed: { kind: 'int', description: 'seed of the generated conversations', default: 1, min: 0, max: 2 ** 31 },
  'cpu-prof': {
    kind: 'boolean',
    description:
      'write V8 CPU profiles of intervention-stats (projection, queries) to test-artifacts/cpu-profiles',
  },
} satisfies Record<string, FlagSpec>;

export type StatsBenchOptions = ParsedFlags<typeof FLAGS>;

/** The month the conversations are spread over (UTC days). */
const WINDOW = { from: new Date('2026-10-01T00:00:00.000Z'), days: 30 } as const;
const PRODUCE = { chunk: 4_000, inFlight: 4 } as const;
const SAMPLED_THREADS = 200;
const ROLLUP_WAIT_MS = 120_000;

export const statsBench: Bench = {
  flags: FLAGS,
  run: (args) => {
    const options = parseFlags(args, FLAGS);
    const lifecycle = new BenchLifecycle();
    // Build, broker, the log, two full reads (the projection bounded at 12 min), then the queries.
    const deadlineMs = (600 + 300 + 900 + 6 * options['query-bound'] + 300) * 1_000;
    return lifecycle.run(() => measure(options, args, lifecycle), deadlineMs);
  },
};

async function measure(
  options: StatsBenchOptions,
  args: readonly string[],
  lifecycle: BenchLifecycle,
): Promise<number> {
  const started = new Date();
  const loadAtStart = loadavg();
  const build = await ensureAppBuilt(lifecycle, 'intervention-stats');
  process.stderr.write(`• intervention-stats build: ${build}\n`);
  const stack = await startStatsStack(lifecycle);

  const log = new ConversationLog({
    events: options.events,
    from: WINDOW.from,
    days: WINDOW.days,
    seed: options.seed,
    sampleSize: SAMPLED_THREADS,
  });
  process.stderr.write(
    `• writing ${options.events.toLocaleString('en-US')} records (${log.threads.toLocaleString('en-US')} threads over ${WINDOW.days} days)\n`,
  );
  const load = await loadTopics(benchKafkaClient(stack.kafka.brokers, 'bench-stats-load'), log, PRODUCE);
  const ends = await endOffsetsOf(
    stack.admin,
    CONSUMED_TOPICS.map((topic) => topic.name),
  );
  if (recordsBefore(ends) !== options.events) {
    throw new Error(`the topics hold ${recordsBefore(ends)} records, not ${options.events}`);
  }

  const stamp = started.getTime();
  const { result: projection, appEnv } = await runProjectionPhase(lifecycle, stack, {
    ends,
    cpuProfileName: options['cpu-prof'] ? `intervention-stats-projection-${stamp}.cpuprofile` : undefined,
  });
  const [{ timeline }] = await stack.query<{ timeline: number }>(
    `SELECT count(*)::int AS timeline FROM ${STATS_SCHEMA}.stats_timeline`,
  );

  const vacuum = await vacuumAnalyze(stack);
  process.stderr.write('• intervention-stats again, serving the analytics API over the projection\n');
  const queriesProfile = options['cpu-prof'] ? `intervention-stats-queries-${stamp}.cpuprofile` : undefined;
  const server = await startServer(lifecycle, {
    name: 'intervention-stats (queries)',
    nodeArgs: [
      ...(queriesProfile
        ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${queriesProfile}`]
        : []),
      appEntry('intervention-stats'),
    ],
    env: appEnv,
    healthPath: '/health/live',
  });
  const rollup = await waitForRollup(stack);
  const queries = await runAnalyticsQueries(server, log, WINDOW, {
    requests: options.requests,
    concurrency: options.concurrency,
    boundSec: options['query-bound'],
  });
  if (server.child.exit !== undefined) {
    throw server.child.failure(`${server.child.exit} during the queries`);
  }
  await server.child.stop(30_000);

  const profiles: ProfileSummary[] = [];
  for (const file of [projection.app.profile, queriesProfile && `${PROFILE_DIR}/${queriesProfile}`]) {
    if (file && existsSync(file)) {
      profiles.push(summarizeCpuProfile(file));
    }
  }

  printStatsReport({
    options,
    args,
    started,
    loadAtStart,
    kafkaKind: stack.kafka.kind,
    postgresKind: stack.postgresKind,
    build,
    window: WINDOW,
    load,
    projection,
    timelineRows: timeline,
    vacuumSec: vacuum,
    rollup,
    queries,
    profiles,
  });
  return 0;
}

/** Until the refresher has stored every day the projection changed, as it would have by the time anyone asks. */
async function waitForRollup(stack: StatsStack): Promise<RollupFigures> {
  process.stderr.write('• waiting for the daily rollup to store the days\n');
  const started = performance.now();
  for (;;) {
    const [{ changed }] = await stack.query<{ changed: number }>(
      `SELECT count(*)::int AS changed FROM ${STATS_SCHEMA}.stats_day_change`,
    );
    if (changed === 0) {
      break;
    }
    if (performance.now() - started > ROLLUP_WAIT_MS) {
      throw new Error(`the daily rollup still lists ${changed} changes after ${ROLLUP_WAIT_MS / 1_000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const [{ rows, days }] = await stack.query<{ rows: number; days: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT day)::int AS days FROM ${STATS_SCHEMA}.stats_daily`,
  );
  return { seconds: (performance.now() - started) / 1_000, rows, days };
}

/** As autovacuum would have by the time anyone asks: visibility map and planner statistics up to date. */
async function vacuumAnalyze(stack: StatsStack): Promise<number> {
  process.stderr.write('• VACUUM (ANALYZE) of the projection tables\n');
  const started = performance.now();
  await stack.query(
    `VACUUM (ANALYZE) ${['stats_thread_engage', 'stats_thread_bot', 'stats_thread_handover', 'stats_timeline']
      .map((table) => `${STATS_SCHEMA}.${table}`)
      .join(', ')}`,
  );
  return (performance.now() - started) / 1_000;
}
