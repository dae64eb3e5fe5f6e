import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { pollUntil } from '../../test/infra';
import { type AppName, ensureAppBuilt } from '../lib/app-build';
import { type Bench } from '../lib/bench';
import { type FlagSpec, type ParsedFlags, parseFlags } from '../lib/bench-args';
import { BenchLifecycle } from '../lib/bench-lifecycle';
import { benchKafkaClient } from '../lib/kafka-client';
import { REPO_ROOT } from '../lib/repo-root';
import { runEmergency } from './emergency.phase';
import {
  dbActivity,
  dbPerHandover,
  type HandoverBudget,
  pendingEffects,
  startHandover,
  startHandoverStack,
  startSimulator,
  threadsKnown,
  UNBOUNDED_HANDOVER,
  UNBOUNDED_SIMULATOR,
} from './handover-stack.phase';
import { printHandoverReport } from './handover.report';
import { runHandoverLatency, runRelayBaseline } from './latency.phase';
import { seedThreads } from './platform-setup';

const FLAGS = {
  rate: { kind: 'int', description: 'handover requests/s, evenly paced', default: 50, min: 1, max: 2_000 },
  duration: { kind: 'int', description: 'seconds of measured requests', default: 20, min: 1, max: 300 },
  warmup: { kind: 'int', description: 'seconds of unmeasured requests first', default: 3, min: 0, max: 60 },
  grace: {
    kind: 'int',
    description: 'seconds after the requests for the last calls; later ones count as missing',
    default: 30,
    min: 1,
    max: 300,
  },
  'emergency-threads': {
    kind: 'int',
    description: 'BOT threads moved by the emergency switch',
    default: 1_000,
    min: 1,
    max: 20_000,
  },
  'emergency-calls': {
    kind: 'int',
    description: 'test quota for the emergency: calls per window, on handover and the simulator',
    default: 500,
    min: 1,
    max: 100_000,
  },
  'emergency-window-ms': {
    kind: 'int',
    description: 'test quota window (ms); production is 300 (handover share) of 500 per 60000',
    default: 10_000,
    min: 1_000,
    max: 600_000,
  },
  'cpu-prof': {
    kind: 'boolean',
    description: 'write V8 CPU profiles of both handover runs to test-artifacts/cpu-profiles',
  },
} satisfies Record<string, FlagSpec>;

export type HandoverBenchOptions = ParsedFlags<typeof FLAGS>;

const APPS: readonly AppName[] = ['gateway', 'engage-simulator', 'handover'];

export const handoverBench: Bench = {
  flags: FLAGS,
  run: (args) => {
    const options = parseFlags(args, FLAGS);
    const lifecycle = new BenchLifecycle();
    const emergencyBoundSec =
      (Math.floor((options['emergency-threads'] - 1) / options['emergency-calls']) *
        options['emergency-window-ms'] *
        3) /
        1_000 +
      300;
    // Builds, broker and apps, two latency runs with their grace, then the emergency.
    const deadlineMs =
      (600 + 2 * (options.warmup + options.duration + options.grace + 120) + emergencyBoundSec) * 1_000;
    return lifecycle.run(() => measure(options, args, lifecycle), deadlineMs);
  },
};

async function measure(
  options: HandoverBenchOptions,
  args: readonly string[],
  lifecycle: BenchLifecycle,
): Promise<number> {
  const started = new Date();
  const loadAtStart = loadavg();
  const builds: Record<string, string> = {};
  for (const app of APPS) {
    builds[app] = await ensureAppBuilt(lifecycle, app);
    process.stderr.write(`• ${app} build: ${builds[app]}\n`);
  }
  const stack = await startHandoverStack(lifecycle);
  const simulator = await startSimulator(lifecycle, stack, 'engage-simulator', UNBOUNDED_SIMULATOR);

  const total = (options.warmup + options.duration) * options.rate;
  const warmup = options.warmup * options.rate;
  process.stderr.write(
    `• seeding 2 × ${total} email threads (customer message + the bot's intervention), one set per run\n`,
  );
  // One set each: handover reads a thread's categories before writing them, and would find the
  // baseline's threads already moved to AGENT (nothing to send).
  const seedSet = (label: string) =>
    seedThreads(simulator.baseUrl, {
      count: total,
      sourceId: WALKTHROUGH.emailSourceId,
      openIntervention: true,
      setupToken: stack.tokens.setup,
      label,
    });
  const baselineSet = await seedSet('latency-baseline');
  const seeded = await seedSet('latency');
  const producer = benchKafkaClient(stack.kafka.brokers, 'bench-handover-load').producer();
  await producer.connect();
  lifecycle.defer('disconnect the load producer', () => producer.disconnect());
  const run = { ratePerSec: options.rate, warmup, graceSec: options.grace };

  process.stderr.write(
    `• (a) relay baseline at ${options.rate}/s for ${options.warmup}+${options.duration} s\n`,
  );
  const baseline = await runRelayBaseline(lifecycle, stack, simulator, producer, baselineSet.threads, run);

  const profiling = (name: string): string[] =>
    options['cpu-prof']
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${join(REPO_ROOT, 'test-artifacts', 'cpu-profiles')}`,
          `--cpu-prof-name=handover-${name}-${started.getTime()}.cpuprofile`,
        ]
      : [];
  const { server: handover } = await startHandover(lifecycle, stack, simulator, {
    name: 'handover',
    budget: UNBOUNDED_HANDOVER,
    nodeArgs: profiling('latency'),
  });
  await pollUntil(async () => (await threadsKnown(stack, WALKTHROUGH.emailSourceId, true)) >= 2 * total, {
    timeoutMs: 120_000,
    intervalMs: 250,
    description: `handover to hold the facts of ${2 * total} threads`,
  });
  process.stderr.write(`• (b) handover at ${options.rate}/s for ${options.warmup}+${options.duration} s\n`);
  const dbBefore = await dbActivity(stack);
  const latency = await runHandoverLatency(stack, simulator, handover, producer, seeded.threads, run);
  // The agent notes follow the recategorizations: let them settle before the quota part.
  const pendingAfterLatency = await pollUntil(
    async () => {
      const pending = await pendingEffects(stack);
      return pending === 0 ? 0 : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, description: 'handover to settle its effects' },
  ).catch(() => pendingEffects(stack));
  // Backends flush their counters at most a second after a transaction.
  await delay(1_500);
  const perHandover = dbPerHandover(dbBefore, await dbActivity(stack), total);
  await handover.child.stop();
  await simulator.child.stop();

  const budget: HandoverBudget = {
    calls: options['emergency-calls'],
    windowMs: options['emergency-window-ms'],
  };
  const emergency = await runEmergency(lifecycle, stack, {
    threads: options['emergency-threads'],
    budget,
    handoverNodeArgs: profiling('emergency'),
  });

  printHandoverReport({
    options,
    args,
    started,
    loadAtStart,
    kafkaKind: stack.kafka.kind,
    builds,
    seedSec: baselineSet.seconds + seeded.seconds,
    baseline,
    handover: latency,
    pendingAfterLatency,
    dbPerHandover: perHandover,
    emergency,
    profiles: options['cpu-prof'] ? join(REPO_ROOT, 'test-artifacts', 'cpu-profiles') : undefined,
  });
  return 0;
}
