import { cpus } from 'node:os';
import { type CpuReport } from '../lib/process-stats';
import {
  checkTarget,
  fixed,
  formatTable,
  formatTargets,
  thousands,
  writeJsonArtifact,
} from '../lib/report-table';
import { type GatewayBenchOptions } from './gateway.bench';
import { type HttpPhaseResult } from './http-server.phase';
import { machineFacts } from '../lib/machine-facts';
import { type RawProducerPhaseResult } from './raw-producer.phase';

export const TARGETS = {
  versusBareFastify: 0.5,
  versusRawProducer: 0.8,
  p99AtRateMs: 25,
  peakRssMb: 150,
} as const;

/** Above this (percent of one core) a run shared the machine with real work: say so next to the figures. */
const NOISY_NEIGHBOUR_PERCENT = 20;

/** Variables the gateway inherits from the bench that change how it behaves under load. */
const TUNING_VARIABLES = [
  'KAFKA_BROKERS',
  'KAFKA_LINGER_MS',
  'KAFKA_MAX_BUFFERED_RECORDS',
  'KAFKA_ACK_TIMEOUT_MS',
  'NODE_OPTIONS',
  'UV_THREADPOOL_SIZE',
];

export interface GatewayReportInput {
  options: GatewayBenchOptions;
  args: readonly string[];
  started: Date;
  kafkaKind: string;
  brokers: string[];
  gatewayBuild: string;
  bareFastify: HttpPhaseResult;
  rawProducer: RawProducerPhaseResult;
  gateway: HttpPhaseResult;
  gatewayAtRate: HttpPhaseResult;
  gatewayPaced: HttpPhaseResult;
}

/** Prints the table, the ratios against the same run's baselines and the targets; writes the JSON figures. */
export function printGatewayReport(input: GatewayReportInput): { lossFree: boolean } {
  const { options, bareFastify, rawProducer, gateway, gatewayAtRate, gatewayPaced } = input;
  const gatewayRuns = [gateway, gatewayAtRate, gatewayPaced];

  const httpRow = (run: HttpPhaseResult, rssNote = ''): string[] => [
    run.label,
    String(run.connections),
    run.generator.kind === 'paced'
      ? `${run.generator.ratePerSec} paced`
      : run.generator.overallRate === undefined
        ? 'max'
        : String(run.generator.overallRate),
    thousands(run.load.okPerSec),
    fixed(run.load.latency.p50Ms, 2),
    fixed(run.load.latency.p99Ms, 2),
    thousands(run.load.non200),
    thousands(run.load.errors),
    `${fixed(run.memory.startRssMb)} → ${fixed(run.memory.peakRssMb)}${rssNote}`,
    ...cpuCells(run.cpu),
  ];
  const table = formatTable(
    [
      'run',
      'conns',
      'rate/s',
      'ok/s',
      'p50 ms',
      'p99 ms',
      'non-200',
      'errors',
      'RSS MB idle → peak',
      'CPU% gen',
      'CPU% subject',
      'CPU% broker',
      'CPU% others',
      'busy%',
    ],
    [
      httpRow(bareFastify, '*'),
      [
        rawProducer.label,
        String(rawProducer.concurrency),
        'max',
        thousands(rawProducer.recordsPerSec),
        fixed(rawProducer.report.latency.p50Ms, 2),
        fixed(rawProducer.report.latency.p99Ms, 2),
        '-',
        thousands(rawProducer.report.failed),
        '-',
        ...cpuCells(rawProducer.cpu),
      ],
      ...gatewayRuns.map((run) => httpRow(run)),
    ],
  );

  const deliveries = gatewayRuns.map((run) => ({
    run: run.label,
    recordsWritten: run.delivery?.recordsWritten ?? 0,
    accepted: run.delivery?.accepted ?? 0,
    lossFree: (run.delivery?.recordsWritten ?? 0) >= (run.delivery?.accepted ?? 0),
  }));
  const rawAcknowledged = rawProducer.report.acknowledged + rawProducer.report.warmupAcknowledged;
  const rawLossFree = rawProducer.recordsOnTopic >= rawAcknowledged;
  const lossFree = deliveries.every((delivery) => delivery.lossFree) && rawLossFree;

  const peakRss = Math.max(...gatewayRuns.map((run) => run.memory.peakRssMb ?? Number.NaN));
  const checks = [
    checkTarget(
      'gateway / (a) bare Fastify, accepted/s',
      gateway.load.okPerSec / bareFastify.load.okPerSec,
      '>=',
      TARGETS.versusBareFastify,
    ),
    checkTarget(
      'gateway / (b) raw producer, accepted/s',
      gateway.load.okPerSec / rawProducer.recordsPerSec,
      '>=',
      TARGETS.versusRawProducer,
    ),
    checkTarget(
      `p99 at ${options.rate}/s (autocannon overallRate)`,
      gatewayAtRate.load.latency.p99Ms,
      '<=',
      TARGETS.p99AtRateMs,
      ' ms',
    ),
    checkTarget(
      `p99 at ${options.rate}/s (evenly paced)`,
      gatewayPaced.load.latency.p99Ms,
      '<=',
      TARGETS.p99AtRateMs,
      ' ms',
    ),
    checkTarget('gateway peak RSS (highest of its 3 runs)', peakRss, '<=', TARGETS.peakRssMb, ' MB'),
  ];

  const busiestNeighbour = Math.max(
    ...[bareFastify.cpu, rawProducer.cpu, ...gatewayRuns.map((run) => run.cpu)].map(
      (cpu) => cpu.othersPercent ?? 0,
    ),
  );
  const command = commandLine(input.args, options);
  const lines = [
    '',
    `Gateway bench — ${input.started.toISOString()}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`,
    `command: ${command.invoked}`,
    `  (explicit: ${command.explicit})`,
    `Kafka: ${input.kafkaKind} broker at ${input.brokers.join(',')}, warmed up for ${options['broker-warmup']} s; gateway ${input.gatewayBuild}`,
    `each run: a fresh server, ${options.warmup} s warm-up, then ${options.duration} s measured; latencies are of 200 answers`,
    '',
    table,
    '',
    '* under ts-node (the TypeScript compiler stays loaded): not comparable with the gateway.',
    `CPU% = percent of one core over the measured window (${cpus().length} cores = ${cpus().length * 100}): gen = the load generator in the bench`,
    'process, subject = the server or producer measured, broker = the local broker (an external one counts under others),',
    'others = every other process; busy% = the whole machine. (b) = kafkajs defaults (not idempotent, no in-flight limit).',
    `"${options.rate}/s" = autocannon overallRate: each connection fires its per-second share at the top of every second;`,
    `"${options.rate}/s paced" = one request every ${fixed(1_000 / options.rate, 2)} ms, latency counted from when it was due.`,
    '',
    ...gatewayRuns.map(
      (run) =>
        `${run.label.padEnd(26)} mean Kafka wait per webhook ${fixed(run.delivery?.meanPublishMs, 2)} ms, ` +
        `event-loop lag p99 ${fixed(run.delivery?.eventLoopLagP99Ms, 1)} ms, ` +
        `RSS mean ${fixed(run.memory.meanSampledRssMb)} MB`,
    ),
    '',
    'Nothing lost (records the topic gained ≥ 200 answers, warm-up included):',
    ...deliveries.map(
      (delivery) =>
        `  ${delivery.run.padEnd(26)} ${thousands(delivery.recordsWritten)} records ≥ ${thousands(delivery.accepted)} answers: ${delivery.lossFree ? 'ok' : 'LOSS'}`,
    ),
    `  ${rawProducer.label.padEnd(26)} ${thousands(rawProducer.recordsOnTopic)} records ≥ ${thousands(rawAcknowledged)} acks: ${rawLossFree ? 'ok' : 'LOSS'}`,
    '',
    formatTargets(checks),
    '',
    ...(busiestNeighbour > NOISY_NEIGHBOUR_PERCENT
      ? [
          `WARNING: other processes${input.kafkaKind === 'external' ? ' (the external broker among them, if local)' : ''} used up to ${fixed(busiestNeighbour, 0)}% of a core during a measured run; on ${cpus().length} cores`,
          'that skews ratios and tails. Rerun on a quiet machine before drawing conclusions.',
          '',
        ]
      : []),
  ];

  const path = writeJsonArtifact('bench-gateway.json', {
    bench: 'gateway',
    started: input.started.toISOString(),
    command,
    machine: machineFacts(),
    options,
    kafka: { kind: input.kafkaKind, brokers: input.brokers },
    gatewayBuild: input.gatewayBuild,
    runs: { bareFastify, rawProducer, gateway, gatewayAtRate, gatewayPaced },
    ratios: {
      gatewayVersusBareFastify: checks[0].value,
      gatewayVersusRawProducer: checks[1].value,
    },
    targets: checks,
    busiestNeighbourCpuPercent: busiestNeighbour,
    delivery: {
      lossFree,
      gateway: deliveries,
      rawProducer: { recordsOnTopic: rawProducer.recordsOnTopic, lossFree: rawLossFree },
    },
  });
  process.stdout.write(`${lines.join('\n')}figures written to ${path}\n`);
  if (!lossFree) {
    process.stdout.write('RECORDS MISSING: the topic holds fewer records than acknowledged answers\n');
  }
  return { lossFree };
}

function cpuCells(cpu: CpuReport): string[] {
  return [
    fixed(cpu.processes.generator, 0),
    fixed(cpu.processes.subject, 0),
    fixed(cpu.processes.broker, 0),
    fixed(cpu.othersPercent, 0),
    fixed(cpu.machineBusyPercent, 0),
  ];
}

function commandLine(
  args: readonly string[],
  options: GatewayBenchOptions,
): { invoked: string; explicit: string } {
  const environment = TUNING_VARIABLES.filter((name) => process.env[name] !== undefined)
    .map((name) => `${name}=${process.env[name]}`)
    .join(' ');
  const prefix = environment ? `${environment} ` : '';
  const invoked =
    process.env.npm_lifecycle_event === 'bench'
      ? `npm run bench -- ${['gateway', ...args].join(' ')}`
      : process.argv.map((part) => part.replace(`${process.cwd()}/`, '')).join(' ');
  const flags = [
    `--connections ${options.connections}`,
    `--duration ${options.duration}`,
    `--warmup ${options.warmup}`,
    `--rate ${options.rate}`,
    `--broker-warmup ${options['broker-warmup']}`,
    ...(options['gateway-node-options']
      ? [`--gateway-node-options="${options['gateway-node-options']}"`]
      : []),
    ...(options['cpu-prof'] ? ['--cpu-prof'] : []),
  ];
  return { invoked: `${prefix}${invoked}`, explicit: `${prefix}npm run bench -- gateway ${flags.join(' ')}` };
}
