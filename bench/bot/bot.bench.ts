import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TOPICS } from '../../libs/contracts/src';
import { type Bench } from '../lib/bench';
import { type FlagSpec, type ParsedFlags, parseFlags } from '../lib/bench-args';
import { BenchLifecycle } from '../lib/bench-lifecycle';
import { benchKafkaClient } from '../lib/kafka-client';
import { CpuMeter, RssSampler } from '../lib/process-stats';
import { gatewayReceivedAt } from './accepted-times.util';
import { type AppName, ensureAppBuilt } from '../lib/app-build';
import { profileLines, summarizeCpuProfile } from '../lib/cpu-profile.summary';
import { REPO_ROOT } from '../lib/repo-root';
import { printBotReport } from './bot.report';
import { startBotStack } from './bot-stack.phase';
import { CustomerMessageLoad } from './customer-message.load';
import { type OpenTransactionsReport, OpenTransactionsSampler } from './open-transactions.sampler';
import { runReplayPhase } from './replay.phase';
import { SlowBotStandIn } from './slow-bot.stand-in';
import { percentiles } from './latency-percentiles.util';
import { type MessageTimeline, readTimelines } from './reply-timeline';
import { type EndOffsets, endOffsetsOf } from './topic-reader.util';
import { type Admin } from 'kafkajs';

const FLAGS = {
  rate: { kind: 'int', description: 'customer messages/s, evenly paced', default: 200, min: 1, max: 10_000 },
  duration: { kind: 'int', description: 'seconds of measured load', default: 20, min: 1, max: 600 },
  warmup: { kind: 'int', description: 'seconds of unmeasured load first', default: 3, min: 0, max: 120 },
  grace: {
    kind: 'int',
    description: 'seconds after the load for the last replies; later ones count as unanswered',
    default: 30,
    min: 1,
    max: 600,
  },
  'bot-delay-ms': {
    kind: 'int',
    description:
      'answer with a stand-in HTTP bot that takes this long per turn (BOT_ENGINE=http), instead of the rules; samples pg_stat_activity for transactions held open',
    default: 0,
    min: 0,
    max: 30_000,
  },
  'count-statements': {
    kind: 'boolean',
    description: 'count the SQL statements bot-responder sends to Postgres, per answered message',
  },
  'cpu-prof': {
    kind: 'boolean',
    description: 'write a V8 CPU profile of bot-responder to test-artifacts/cpu-profiles and summarize it',
  },
} satisfies Record<string, FlagSpec>;

export type BotBenchOptions = ParsedFlags<typeof FLAGS>;

const APPS: readonly AppName[] = ['gateway', 'engage-simulator', 'bot-responder'];
const CONSUMED_TOPICS = [TOPICS.engageEvents.name, TOPICS.botEvents.name, TOPICS.opsCommands.name];

export const botBench: Bench = {
  flags: FLAGS,
  run: (args) => {
    const options = parseFlags(args, FLAGS);
    const lifecycle = new BenchLifecycle();
    // Three builds, broker and apps, the load and its grace, then two full reads of the topics.
    const deadlineMs = (600 + options.warmup + options.duration + options.grace + 900) * 1_000;
    return lifecycle.run(() => measure(options, args, lifecycle), deadlineMs);
  },
};

async function measure(
  options: BotBenchOptions,
  args: readonly string[],
  lifecycle: BenchLifecycle,
): Promise<number> {
  const started = new Date();
  const builds: Record<string, string> = {};
  for (const app of APPS) {
    builds[app] = await ensureAppBuilt(lifecycle, app);
    process.stderr.write(`• ${app} build: ${builds[app]}\n`);
  }
  const profile = options['cpu-prof']
    ? join(REPO_ROOT, 'test-artifacts', 'cpu-profiles', `bot-responder-${started.getTime()}.cpuprofile`)
    : undefined;
  const statementsFile = options['count-statements']
    ? join(REPO_ROOT, 'test-artifacts', `bot-responder-statements-${started.getTime()}.json`)
    : undefined;
  const slowBot = options['bot-delay-ms'] > 0 ? new SlowBotStandIn(options['bot-delay-ms']) : undefined;
  if (slowBot) {
    await slowBot.start();
    lifecycle.defer('stop the stand-in bot', () => slowBot.stop());
  }
  const stack = await startBotStack(lifecycle, {
    botNodeArgs: [
      ...(profile
        ? ['--cpu-prof', `--cpu-prof-dir=${dirname(profile)}`, `--cpu-prof-name=${basename(profile)}`]
        : []),
      ...(statementsFile ? ['-r', join(REPO_ROOT, 'bench', 'lib', 'statement-counter.preload.js')] : []),
    ],
    botEnv: {
      ...(statementsFile ? { BENCH_STATEMENTS_FILE: statementsFile } : {}),
      ...(slowBot?.env() ?? {}),
    },
  });
  const pids = { gateway: stack.gateway.pid, 'bot-responder': stack.bot.pid, simulator: stack.simulator.pid };
  const rss = Object.entries(pids).map(([name, pid]) => ({ name, sampler: new RssSampler(pid) }));

  const load = new CustomerMessageLoad(stack.simulator.baseUrl);
  if (options.warmup > 0) {
    process.stderr.write(`• warming up at ${options.rate}/s for ${options.warmup} s\n`);
    await load.warmUp(options.rate, options.warmup);
  }
  process.stderr.write(`• measuring at ${options.rate}/s for ${options.duration} s\n`);
  // A transaction as old as a quarter of a bot call would be one held across it.
  const transactions = slowBot
    ? new OpenTransactionsSampler(stack.databaseUrl, Math.max(100, options['bot-delay-ms'] / 4))
    : undefined;
  await transactions?.start();
  const cpu = new CpuMeter({ generator: process.pid, ...pids, broker: stack.brokerPid });
  const window = { from: epochNow(), to: 0 };
  const http = await load.measure(options.rate, options.duration);
  window.to = epochNow();
  const cpuReport = cpu.finish();

  const drained = await waitForReplies(stack.simulator.baseUrl, load, options.grace);
  const openTransactions = await transactions?.finish();
  const memory = Object.fromEntries(rss.map(({ name, sampler }) => [name, sampler.finish()]));
  for (const server of [stack.gateway, stack.simulator, stack.bot]) {
    if (server.child.exit !== undefined) {
      throw server.child.failure(`${server.child.exit} during the run`);
    }
  }

  // Nothing new may reach Kafka once live stops, or replay would read records live never saw.
  process.stderr.write('• stopping the simulator, then bot-responder once it caught up (SIGTERM)\n');
  await stack.simulator.child.stop();
  await waitForCatchUp(stack.admin, stack.botEnv.KAFKA_GROUP_ID);
  await stack.bot.child.stop();
  const existing = new Set(await stack.admin.listTopics());
  const ends = await endOffsetsOf(
    stack.admin,
    CONSUMED_TOPICS.filter((topic) => existing.has(topic)),
  );
  const liveLag = await groupLag(stack.admin, stack.botEnv.KAFKA_GROUP_ID, ends);
  const received = await gatewayReceivedAt(benchKafkaClient(stack.kafka.brokers, 'bench-received-at'), ends);
  const replay = await runReplayPhase(lifecycle, {
    brokers: stack.kafka.brokers,
    ends,
    botEnv: stack.botEnv,
    databaseUrl: stack.databaseUrl,
    brokerPid: stack.brokerPid,
  });

  printBotReport({
    options,
    args,
    started,
    kafkaKind: stack.kafka.kind,
    builds,
    http,
    window,
    timelines: drained.timelines,
    drainSec: drained.seconds,
    liveLag,
    received,
    cpu: cpuReport,
    memory,
    replay,
  });
  if (slowBot && openTransactions) {
    const lines = slowBotLines(slowBot, openTransactions, received, drained.timelines);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (statementsFile !== undefined && existsSync(statementsFile)) {
    process.stdout.write(`${statementLines(statementsFile, load.messages.size).join('\n')}\n`);
  }
  if (profile !== undefined && existsSync(profile)) {
    process.stdout.write(`${profileLines(summarizeCpuProfile(profile)).join('\n')}\n`);
  }
  return 0;
}

/** Polls the simulator until every measured message has its reply, or the grace period is over. */
async function waitForReplies(
  simulatorUrl: string,
  load: CustomerMessageLoad,
  graceSec: number,
): Promise<{ timelines: MessageTimeline[]; seconds: number }> {
  const started = performance.now();
  for (;;) {
    const timelines = await readTimelines(simulatorUrl, load.messages);
    const seconds = (performance.now() - started) / 1_000;
    if (timelines.every((timeline) => timeline.repliedAt !== undefined) || seconds >= graceSec) {
      return { timelines, seconds };
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Records the stopped bot-responder had not committed: its live projection lacks them, the replay does not. */
/** Until the group's committed offsets (written at most a second after each batch) reach the ends. */
async function waitForCatchUp(admin: Admin, groupId: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const existing = new Set(await admin.listTopics());
    const ends = await endOffsetsOf(
      admin,
      CONSUMED_TOPICS.filter((topic) => existing.has(topic)),
    );
    if ((await groupLag(admin, groupId, ends)) === 0) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function groupLag(admin: Admin, groupId: string, ends: EndOffsets): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId });
  let lag = 0;
  for (const { topic, partitions } of committed) {
    for (const { partition, offset } of partitions) {
      const end = ends[`${topic}/${partition}`] ?? 0;
      lag += Math.max(0, end - Math.max(0, Number(offset)));
    }
  }
  return lag;
}

/**
 * Statements over the whole bot-responder run (start, warm-up, load, drain, idle polls) divided by
 * the messages it answered: the round trips one answer costs, which is most of its CPU here.
 */
function statementLines(file: string, messages: number): string[] {
  const counts = Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>).sort(
    (a, b) => b[1] - a[1],
  );
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  const per = (count: number): string => (count / messages).toFixed(2);
  return [
    `Postgres statements of bot-responder: ${total} for ${messages} messages, ${per(total)} per message`,
    ...counts.slice(0, 12).map(([sql, count]) => `  ${per(count).padStart(6)}  ${sql}`),
  ];
}

function slowBotLines(
  bot: SlowBotStandIn,
  transactions: OpenTransactionsReport,
  received: ReadonlyMap<string, number>,
  timelines: readonly MessageTimeline[],
): string[] {
  const before: number[] = [];
  const after: number[] = [];
  for (const timeline of timelines) {
    const turn = timeline.contentId === undefined ? undefined : bot.turns.get(timeline.contentId);
    const at = timeline.contentId === undefined ? undefined : received.get(timeline.contentId);
    if (turn && at !== undefined) {
      before.push(turn.askedAt - at);
    }
    if (turn?.answeredAt !== undefined && timeline.openedAt !== undefined) {
      after.push(timeline.openedAt - turn.answeredAt);
    }
  }
  const row = (name: string, samples: number[]): string => {
    const p = percentiles(samples);
    return `  ${name.padEnd(40)} n ${p.count}  p50 ${p.p50Ms.toFixed(0)}  p90 ${p.p90Ms.toFixed(0)}  p99 ${p.p99Ms.toFixed(0)}  max ${p.maxMs.toFixed(0)} ms`;
  };
  return [
    `Stand-in bot: ${bot.calls} calls, at most ${bot.maxInFlight} at once`,
    row('webhook at gateway → bot asked', before),
    row('bot answered → open intervention', after),
    `pg_stat_activity, every 20 ms from the load's start to the last reply: ${transactions.samples} samples, ` +
      `oldest open transaction ${transactions.maxAgeMs.toFixed(0)} ms, ` +
      `${transactions.heldSamples} samples with one open longer than ${transactions.heldMs} ms`,
  ];
}
