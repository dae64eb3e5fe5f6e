import { benchCommandLine } from '../lib/bench-args';
import { machineFacts } from '../lib/machine-facts';
import {
  checkTarget,
  fixed,
  formatTable,
  formatTargets,
  thousands,
  writeJsonArtifact,
} from '../lib/report-table';
import { ENDPOINTS, type LoadFigures, type QueryPhaseResult } from './analytics-queries.phase';
import { type ProfileSummary, profileLines } from '../lib/cpu-profile.summary';
import { type ProjectionPhaseResult } from './projection.phase';
import { type StatsBenchOptions } from './stats.bench';
import { type TopicLoadResult } from './topic-load.phase';

/** Issue "One way to do each thing": the projection against (c), the floor of its work here. */
export const TARGETS = { projectionVersusFloor: 0.7, queryP99Ms: 50 } as const;

export interface StatsReportInput {
  options: StatsBenchOptions;
  args: readonly string[];
  started: Date;
  loadAtStart: number[];
  kafkaKind: string;
  postgresKind: string;
  build: string;
  window: { from: Date; days: number };
  load: TopicLoadResult;
  projection: ProjectionPhaseResult;
  timelineRows: number;
  vacuumSec: number;
  rollup: RollupFigures;
  queries: QueryPhaseResult;
  profiles: readonly ProfileSummary[];
}

/** The daily rollup as the query phase found it. */
export interface RollupFigures {
  /** From the query server's start until no day was listed as changed. */
  seconds: number;
  rows: number;
  days: number;
}

const MB = 1_048_576;

/** Prints the projection and query tables with the targets and the checks; writes the JSON figures. */
export function printStatsReport(input: StatsReportInput): void {
  const { load, projection, queries } = input;
  const { app, raw, floor } = projection;
  const machine = machineFacts();

  const logTable = formatTable(
    ['log', 'records', 'share'],
    [
      ...Object.entries(load.perTopic).map(([topic, count]) => [
        topic,
        thousands(count),
        `${fixed((count / load.records) * 100, 0)}%`,
      ]),
      ['all three', thousands(load.records), '100%'],
    ],
  );

  const projectionTable = formatTable(
    ['projection', 'seconds', 'records/s', 'steady rec/s', 'CPU% subject', 'CPU% broker', 'CPU% Postgres'],
    [
      [
        '(a) raw kafkajs consumer (eachBatch, no work)',
        fixed(raw.seconds, 2),
        thousands(raw.recordsPerSec),
        thousands(raw.readingRecordsPerSec),
        fixed(raw.cpu.processes.subject, 0),
        fixed(raw.cpu.processes.broker, 0),
        '-',
      ],
      [
        '(c) bare consumer → Postgres (one row per record)',
        fixed(floor.seconds, 2),
        thousands(floor.recordsPerSec),
        '-',
        fixed(floor.cpu.processes.subject, 0),
        fixed(floor.cpu.processes.broker, 0),
        '-',
      ],
      [
        '(b) intervention-stats from offset 0',
        fixed(app.seconds, 2),
        thousands(app.recordsPerSec),
        thousands(app.steadyRecordsPerSec),
        fixed(app.cpu.processes.app, 0),
        fixed(app.cpu.processes.broker, 0),
        fixed(app.postgresCpuPercent, 0),
      ],
    ],
  );

  const db = app.database;
  const rowsTable = formatTable(
    ['rows written by (b)', 'inserted', 'updated', 'per batch'],
    Object.entries(db.rows).map(([table, rows]) => [
      table,
      thousands(rows.inserted),
      thousands(rows.updated),
      fixed((rows.inserted + rows.updated) / db.batches, 1),
    ]),
  );

  const latencyRow = (label: string, mode: string, figures: LoadFigures): string[] => [
    label,
    mode,
    thousands(figures.requests),
    fixed(figures.overall.p50Ms),
    fixed(figures.overall.p99Ms),
    fixed(figures.overall.maxMs),
    fixed(figures.cpu.app, 0),
    fixed(figures.cpu.postgres, 0),
  ];
  const queryTable = formatTable(
    ['endpoint', 'mode', 'n', 'p50 ms', 'p99 ms', 'max ms', 'CPU% app', 'CPU% Postgres'],
    ENDPOINTS.flatMap((endpoint) => {
      const figures = queries.endpoints[endpoint];
      return [
        latencyRow(`GET /analytics/${endpoint}`, 'sequential', figures.sequential),
        latencyRow('', `${queries.concurrency} at a time`, figures.concurrent),
      ];
    }),
  );
  const variantTable = formatTable(
    ['by filter (sequential)', 'conversations', 'n', 'p50 ms', 'p99 ms', 'max ms'],
    ENDPOINTS.flatMap((endpoint) =>
      Object.entries(queries.endpoints[endpoint].sequential.byVariant).map(([variant, stats]) => [
        `${endpoint}: ${variant}`,
        endpoint === 'thread'
          ? '1'
          : endpoint === 'interventions'
            ? '-'
            : thousands(queries.filters.find((filter) => filter.name === variant)?.conversations),
        thousands(stats.count),
        fixed(stats.p50Ms),
        fixed(stats.p99Ms),
        fixed(stats.maxMs),
      ]),
    ),
  );
  const failures = ENDPOINTS.flatMap((endpoint) =>
    (['sequential', 'concurrent'] as const)
      .map((mode) => ({ endpoint, mode, figures: queries.endpoints[endpoint][mode] }))
      .filter(({ figures }) => figures.failures > 0)
      .map(
        ({ endpoint: name, mode, figures }) =>
          `  ${name} ${mode}: ${figures.failures} failed (${figures.firstFailure ?? ''})`,
      ),
  );
  const cutShort = ENDPOINTS.flatMap((endpoint) =>
    (['sequential', 'concurrent'] as const)
      .filter((mode) => queries.endpoints[endpoint][mode].requests < queries.requestsPerEndpoint)
      .map(
        (mode) =>
          `  ${endpoint} ${mode}: ${queries.endpoints[endpoint][mode].requests} of ${queries.requestsPerEndpoint} requests within the ${queries.boundSecPerRun} s bound`,
      ),
  );

  const checks = [
    ...queries.checks,
    {
      name: 'stats_timeline holds one row per record',
      ok: input.timelineRows === projection.records,
      detail: `${input.timelineRows} vs ${projection.records}`,
    },
  ];
  const targets = [
    checkTarget(
      '(b)/(c) projection vs bare consumer → Postgres, records/s',
      projection.floorRatio,
      '>=',
      TARGETS.projectionVersusFloor,
    ),
    ...ENDPOINTS.map((endpoint) =>
      checkTarget(
        `p99 GET /analytics/${endpoint} (sequential)`,
        queries.endpoints[endpoint].sequential.overall.p99Ms,
        '<=',
        TARGETS.queryP99Ms,
        ' ms',
      ),
    ),
  ];

  const command = benchCommandLine('stats', input.args, input.options);
  const cpu = app.cpu;
  const lines = [
    '',
    `stats bench: ${command.invoked}`,
    `  same as: ${command.explicit}`,
    `  ${machine.cores} cores, ${machine.cpu ?? 'unknown CPU'}, Node ${machine.node}; load average at start ${input.loadAtStart.map((value) => value.toFixed(2)).join(' ')} (shared machine: figures are noisy)`,
    `  Kafka ${input.kafkaKind} (dedicated broker), Postgres ${input.postgresKind} (fresh database); intervention-stats ${input.build}`,
    `  log: ${thousands(load.threads)} threads over ${input.window.days} days from ${input.window.from.toISOString().slice(0, 10)}, ${SOURCE_NOTE}; seed ${input.options.seed}`,
    `  written in ${fixed(load.seconds, 1)} s (${thousands(load.recordsPerSec)} records/s, ${fixed(load.valueBytes / MB, 0)} MB of values, ${load.requests} requests of ${load.chunk}, ${load.inFlight} in flight, acks=all, no compression)`,
    '',
    logTable,
    '',
    projectionTable,
    `  (b)/(c) = ${fixed(projection.floorRatio, 2)} whole runs; (b)/(a) = ${fixed(projection.ratio, 2)} whole runs; steady (10%→90% of the records) against (a) reading only: ${fixed(projection.steadyRatio, 2)}`,
    `  (a) ${fixed(raw.seconds, 2)} s from connect, ${fixed(raw.readingSeconds, 2)} s reading; (b) ${fixed(app.seconds, 2)} s from spawn: /health/live after ${fixed(app.startSeconds, 2)} s, first checkpoint after ${fixed(app.firstCheckpointSeconds, 2)} s`,
    `  (b) CPU while projecting: intervention-stats ${fixed(cpu.processes.app, 0)}%, Postgres ${fixed(app.postgresCpuPercent, 0)}%, broker ${fixed(cpu.processes.broker, 0)}%, bench ${fixed(cpu.processes.bench, 0)}%, machine busy ${fixed(cpu.machineBusyPercent, 0)}% of ${cpu.cores} cores (100% = one core)`,
    `  (b) RSS ${fixed(app.memory.startRssMb, 0)} → peak ${fixed(app.memory.peakRssMb, 0)} MB; ${thousands(db.batches)} batches (checkpoint advances), ${fixed(db.recordsPerBatch, 0)} records per batch, ≈${fixed(db.transactionsPerBatch, 1)} transactions per batch; ${thousands(db.blocksRead)} blocks read, ${fixed(db.tempBytes / MB, 0)} MB temp`,
    `  (b) ran with ${Object.entries(app.env)
      .filter(([name]) => name !== 'DATABASE_URL' && name !== 'KAFKA_BROKERS')
      .map(([name, value]) => `${name}=${value}`)
      .join(' ')}${Object.entries(app.inheritedEnv)
      .map(([name, value]) => ` ${name}=${value} (from the environment)`)
      .join('')}, the rest at its defaults`,
    '',
    rowsTable,
    '',
    `daily rollup: ${input.rollup.rows} rows (${input.rollup.days} days × source × language) stored ${fixed(input.rollup.seconds, 1)} s after the query server started (STATS_ROLLUP_REFRESH_MS default); summary and daily read them, partial days live`,
    `analytics API over that projection (VACUUM ANALYZE first: ${fixed(input.vacuumSec, 1)} s), client-side latency, keep-alive:`,
    queryTable,
    ...cutShort,
    ...failures,
    '',
    variantTable,
    '',
    formatTable(
      ['check', 'result', 'detail'],
      checks.map((check) => [check.name, check.ok ? 'ok' : 'WRONG', check.detail]),
    ),
    '',
    ...input.profiles.flatMap(profileLines),
    formatTargets(targets),
    '',
  ];
  const path = writeJsonArtifact('bench-stats.json', {
    bench: 'stats',
    started: input.started.toISOString(),
    command,
    machine,
    loadAtStart: input.loadAtStart,
    options: input.options,
    kafka: input.kafkaKind,
    postgres: input.postgresKind,
    build: input.build,
    window: { from: input.window.from.toISOString(), days: input.window.days },
    load,
    projection,
    timelineRows: input.timelineRows,
    vacuumSec: input.vacuumSec,
    rollup: input.rollup,
    queries,
    checks,
    profiles: input.profiles,
    targets,
  });
  process.stdout.write(`${lines.join('\n')}figures written to ${path}\n`);
}

const SOURCE_NOTE = '4 sources, fr/en';
