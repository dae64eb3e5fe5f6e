import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type Producer } from 'kafkajs';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { TOPICS } from '../../libs/contracts/src';
import { type Percentiles, percentiles } from '../bot/latency-percentiles.util';
import { type BenchLifecycle } from '../lib/bench-lifecycle';
import { ManagedChild } from '../lib/managed-child';
import { CpuMeter, type CpuReport } from '../lib/process-stats';
import { REPO_ROOT } from '../lib/repo-root';
import { type RunningServer } from '../lib/server-process';
import { type HandoverInternals, handoverInternals, readMetrics } from './handover-metrics.util';
import { type HandoverStack } from './handover-stack.phase';
import { type SentRequest, epochNow, publishHandoverRequests } from './handover-request.load';
import { type SeededThread } from './platform-setup';
import { RELAY_CONFIG_ENV, type RelayConfig } from './relay-config';
import {
  type LoggedApiCall,
  callsBy,
  firstRecategorization,
  readApiCalls,
  recategorizedThread,
  routeOf,
  statusCounts,
} from './simulator-calls.util';

/** The baseline's own topic, shaped as bot.events.v1 (partitions, key), so handover never sees it. */
export const BASELINE_TOPIC = 'bench.handover-baseline.v1';

export interface LatencyRunOptions {
  readonly ratePerSec: number;
  /** Threads published first and not measured. */
  readonly warmup: number;
  readonly graceSec: number;
}

/** One subject's run: requests published at a paced rate, then the simulator's record of the calls. */
export interface LatencyRun {
  readonly subject: string;
  /** Epoch ms from the first measured request's due time to the last one's. */
  readonly window: { from: number; to: number };
  readonly measured: number;
  readonly answered: number;
  /** Simulator arrival of the thread's update_categories − the moment its record was handed to `send`. */
  readonly latency: Percentiles;
  /** Broker acknowledgement of the record (acks: all) − send. */
  readonly produceAck: Percentiles;
  /** Send − the schedule's due time: how late the bench itself was. */
  readonly sendLag: Percentiles;
  readonly publishErrors: number;
  /** Every call this subject made to the simulator during the run, per status. */
  readonly calls: Record<string, Record<string, number>>;
  readonly drainSec: number;
  /** While the requests were being published (warm-up included). */
  readonly cpu: CpuReport;
  /** Handover's own /metrics over the run (warm-up included). */
  readonly internals?: HandoverInternals;
}

/** (a) the relay baseline on its own topic: a kafkajs consumer and the app's EngageClient, nothing else. */
export async function runRelayBaseline(
  lifecycle: BenchLifecycle,
  stack: HandoverStack,
  simulator: RunningServer,
  producer: Producer,
  threads: readonly SeededThread[],
  options: LatencyRunOptions,
): Promise<LatencyRun> {
  await stack.admin.createTopics({
    topics: [{ topic: BASELINE_TOPIC, numPartitions: TOPICS.botEvents.partitions }],
    waitForLeaders: true,
  });
  const config: RelayConfig = {
    brokers: stack.kafka.brokers,
    topic: BASELINE_TOPIC,
    groupId: 'bench-relay-baseline',
    engageBaseUrl: `${simulator.baseUrl}/1.0`,
    token: stack.tokens.baseline,
    botCategoryId: WALKTHROUGH.botCategoryId,
    agentCategoryId: WALKTHROUGH.agentCategoryId,
  };
  const relay = ManagedChild.start({
    name: 'relay baseline',
    command: process.execPath,
    args: [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      join(__dirname, 'relay.baseline.ts'),
    ],
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'production', [RELAY_CONFIG_ENV]: JSON.stringify(config) },
    ipc: true,
  });
  lifecycle.defer('stop relay baseline', () => relay.stop());
  await relay.nextMessage(60_000);
  const run = await measureLatency(
    {
      subject: 'relay baseline',
      producer,
      topic: BASELINE_TOPIC,
      simulatorUrl: simulator.baseUrl,
      token: stack.tokens.baseline,
      pids: {
        relay: relay.pid,
        simulator: simulator.pid,
        broker: stack.brokerPid,
        gateway: stack.gateway.pid,
      },
      assertAlive: () => {
        if (relay.exit !== undefined) {
          throw relay.failure(`${relay.exit} during the run`);
        }
      },
    },
    threads,
    options,
  );
  await relay.stop();
  return run;
}

/** (b) handover: the same records onto bot.events.v1. */
export function runHandoverLatency(
  stack: HandoverStack,
  simulator: RunningServer,
  handover: RunningServer,
  producer: Producer,
  threads: readonly SeededThread[],
  options: LatencyRunOptions,
): Promise<LatencyRun> {
  return measureLatency(
    {
      subject: 'handover',
      producer,
      topic: TOPICS.botEvents.name,
      simulatorUrl: simulator.baseUrl,
      token: stack.tokens.handover,
      metricsUrl: handover.internalUrl,
      pids: {
        handover: handover.pid,
        simulator: simulator.pid,
        broker: stack.brokerPid,
        gateway: stack.gateway.pid,
      },
      assertAlive: () => {
        if (handover.child.exit !== undefined) {
          throw handover.child.failure(`${handover.child.exit} during the run`);
        }
      },
    },
    threads,
    options,
  );
}

interface Subject {
  subject: string;
  producer: Producer;
  topic: string;
  simulatorUrl: string;
  token: string;
  pids: Record<string, number | undefined>;
  metricsUrl?: string;
  assertAlive: () => void;
}

async function measureLatency(
  subject: Subject,
  threads: readonly SeededThread[],
  options: LatencyRunOptions,
): Promise<LatencyRun> {
  const metricsBefore = subject.metricsUrl === undefined ? undefined : await readMetrics(subject.metricsUrl);
  const cpu = new CpuMeter({ generator: process.pid, ...subject.pids });
  const started = epochNow();
  const sent = await publishHandoverRequests(subject.producer, {
    topic: subject.topic,
    threads,
    ratePerSec: options.ratePerSec,
    warmup: options.warmup,
  });
  const measured = sent.filter((request) => request.measured);
  const sentAt = new Map(measured.map((request) => [request.threadId, request.sentAt]));
  const loadEnded = epochNow();
  const cpuReport = cpu.finish();
  let calls: LoggedApiCall[] = [];
  let answeredAt = new Map<string, number>();
  for (;;) {
    subject.assertAlive();
    calls = callsBy(await readApiCalls(subject.simulatorUrl), subject.token);
    answeredAt = firstRecategorization(calls, sentAt);
    if (answeredAt.size >= measured.length || epochNow() - loadEnded >= options.graceSec * 1_000) {
      break;
    }
    await delay(500);
  }
  if (answeredAt.size === 0 && measured.length > 0) {
    const seen = JSON.stringify(statusCounts(calls));
    throw new Error(
      `${subject.subject}: no update_categories for the measured threads reached the simulator within ${options.graceSec} s (its calls by status: ${seen})`,
    );
  }
  const internals =
    metricsBefore === undefined || subject.metricsUrl === undefined
      ? undefined
      : handoverInternals(metricsBefore, await readMetrics(subject.metricsUrl));
  const lastAnswer = Math.max(...answeredAt.values());
  const latencies = measured.flatMap((request) => {
    const at = answeredAt.get(request.threadId);
    return at === undefined ? [] : [at - request.sentAt];
  });
  const acked = (request: SentRequest): number[] =>
    request.ackedAt === undefined ? [] : [request.ackedAt - request.sentAt];
  const during = calls.filter((call) => call.at >= started);
  const byKind: Record<string, LoggedApiCall[]> = {};
  for (const call of during) {
    const kind =
      recategorizedThread(call) === undefined
        ? `${call.method} ${routeOf(call.path)}`
        : 'PUT update_categories';
    (byKind[kind] ??= []).push(call);
  }
  return {
    subject: subject.subject,
    window: { from: measured[0]?.dueAt ?? started, to: measured.at(-1)?.dueAt ?? started },
    measured: measured.length,
    answered: latencies.length,
    latency: percentiles(latencies),
    produceAck: percentiles(measured.flatMap(acked)),
    sendLag: percentiles(measured.map((request) => request.sentAt - request.dueAt)),
    publishErrors: sent.filter((request) => request.error !== undefined).length,
    calls: Object.fromEntries(Object.entries(byKind).map(([kind, list]) => [kind, statusCounts(list)])),
    drainSec: Number.isFinite(lastAnswer) ? Math.max(0, (lastAnswer - loadEnded) / 1_000) : Number.NaN,
    cpu: cpuReport,
    internals,
  };
}
