import { setTimeout as delay } from 'node:timers/promises';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { pollUntil } from '../../test/infra';
import { type BenchLifecycle } from '../lib/bench-lifecycle';
import { CpuMeter, type CpuReport } from '../lib/process-stats';
import {
  HANDOVER_SCHEMA,
  type HandoverBudget,
  type HandoverStack,
  pendingEffects,
  startHandover,
  startSimulator,
  threadsKnown,
} from './handover-stack.phase';
import { type HistogramDelta, histogramDelta, readMetrics } from './handover-metrics.util';
import { epochNow } from './handover-request.load';
import { seedThreads } from './platform-setup';
import {
  callsBy,
  firstRecategorization,
  maxInAnyWindow,
  readApiCalls,
  recategorizedThread,
  countBy,
  routeOf,
  statusCounts,
} from './simulator-calls.util';

export interface EmergencyOptions {
  readonly threads: number;
  /** The same quota on handover (ENGAGE_QUOTA_*) and on the simulator (SIMULATOR_RATE_LIMIT_*). */
  readonly budget: HandoverBudget;
  readonly handoverNodeArgs: readonly string[];
}

export interface EmergencyResult {
  readonly threads: number;
  readonly budget: HandoverBudget;
  readonly seedSec: number;
  /** Seeding until handover held the facts of every thread. */
  readonly factsSec: number;
  /** Epoch ms when the bench sent POST /admin/emergency. */
  readonly switchedAt: number;
  /** ms after switchedAt: */
  readonly acceptedMs: number;
  /** The consumer's transaction that recorded the effects began (effect.created_at is its now()). */
  readonly decisionStartMs?: number;
  readonly effectsRecorded: number;
  readonly firstCallMs?: number;
  /** Arrival of the budget's last call of the first window, and of the first call after it. */
  readonly lastOfFirstWindowMs?: number;
  readonly firstOfSecondWindowMs?: number;
  /** The last thread's update_categories (200): completion. */
  readonly completedMs?: number;
  readonly recategorized: number;
  /** Start of the last call at the earliest the quota allows, counted from the switch. */
  readonly minimumMs: number;
  readonly ratio?: number;
  /** Calls the simulator counted (not refused by its limiter) in the busiest sliding window. */
  readonly maxInWindow: number;
  readonly statuses: Record<string, number>;
  readonly rateLimited: number;
  readonly otherCalls: Record<string, number>;
  /** First-window throughput: calls from the first to the budget's last, per second. */
  readonly burstPerSec?: number;
  readonly cpu: CpuReport;
  /** handover's ops.commands.v1 batch: the switch applied, the decisions and effects recorded, in one transaction. */
  readonly decision: HistogramDelta;
  /** update_categories attempts (HTTP call + marking it done), from handover's /metrics. */
  readonly calls: HistogramDelta;
  readonly timedOut: boolean;
}

/**
 * A fresh simulator and handover, both held to `budget`; `threads` BOT conversations on the
 * realtime source that handover knows from engage.events.v1 (bot-responder is not running, so
 * they stay BOT); then the operator's switch through the gateway, and the simulator's record of
 * the `update_categories` calls until every thread was moved.
 */
export async function runEmergency(
  lifecycle: BenchLifecycle,
  stack: HandoverStack,
  options: EmergencyOptions,
): Promise<EmergencyResult> {
  const { budget } = options;
  const leftover = await pendingEffects(stack);
  if (leftover > 0) {
    throw new Error(`${leftover} effects of the latency part are still pending: they would spend the quota`);
  }
  const simulator = await startSimulator(lifecycle, stack, 'engage-simulator (emergency)', budget);
  const { server: handover } = await startHandover(lifecycle, stack, simulator, {
    name: 'handover (emergency)',
    budget,
    nodeArgs: options.handoverNodeArgs,
  });
  process.stderr.write(`• emergency: ${options.threads} BOT threads on the messaging (realtime) source\n`);
  const seeded = await seedThreads(simulator.baseUrl, {
    count: options.threads,
    sourceId: WALKTHROUGH.sourceId,
    openIntervention: false,
    setupToken: stack.tokens.setup,
    label: 'emergency',
  });
  const factsStarted = epochNow();
  await pollUntil(async () => (await threadsKnown(stack, WALKTHROUGH.sourceId)) >= options.threads, {
    timeoutMs: 120_000,
    intervalMs: 250,
    description: `handover to hold the facts of ${options.threads} threads`,
  });
  const factsSec = seeded.seconds + (epochNow() - factsStarted) / 1_000;
  const ids = new Set(seeded.threads.map((thread) => thread.threadId));

  // Each move reads the thread, then writes its categories (ADR 0008): two calls of the quota.
  const minimumMs = Math.floor((options.threads * CALLS_PER_MOVE - 1) / budget.calls) * budget.windowMs;
  const cpu = new CpuMeter({
    handover: handover.pid,
    simulator: simulator.pid,
    broker: stack.brokerPid,
    gateway: stack.gateway.pid,
    generator: process.pid,
  });
  process.stderr.write(
    `• emergency: POST /admin/emergency (all sources); quota ${budget.calls} calls per ${budget.windowMs} ms, minimum ${minimumMs} ms\n`,
  );
  const metricsBefore = await readMetrics(handover.internalUrl);
  const switchedAt = epochNow();
  const response = await fetch(`${stack.gateway.internalUrl}/admin/emergency`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.adminToken}` },
    body: JSON.stringify({ active: true, scope: 'all', reason: 'bench: emergency handover' }),
    signal: AbortSignal.timeout(30_000),
  });
  const acceptedMs = epochNow() - switchedAt;
  if (response.status !== 202) {
    throw new Error(`POST /admin/emergency answered ${response.status}: ${await response.text()}`);
  }
  const deadline = switchedAt + minimumMs * 3 + 90_000;
  let done = new Map<string, number>();
  let timedOut = false;
  for (;;) {
    if (handover.child.exit !== undefined) {
      throw handover.child.failure(`${handover.child.exit} during the emergency`);
    }
    const calls = callsBy(await readApiCalls(simulator.baseUrl), stack.tokens.handover);
    done = firstRecategorization(calls, switchedAt);
    if ([...ids].every((id) => done.has(id))) {
      break;
    }
    if (epochNow() > deadline) {
      timedOut = true;
      break;
    }
    await delay(1_000);
  }
  const cpuReport = cpu.finish();
  const metricsAfter = await readMetrics(handover.internalUrl);
  // Anything still to come (a retry, a stray call) shows in the counts.
  await delay(1_000);
  const calls = callsBy(await readApiCalls(simulator.baseUrl), stack.tokens.handover).filter(
    (call) => call.at >= switchedAt,
  );
  const recategorizations = calls.filter((call) => recategorizedThread(call) !== undefined);
  const arrivals = [...done.entries()]
    .filter(([id]) => ids.has(id))
    .map(([, at]) => at)
    .sort((a, b) => a - b);
  const counted = calls.filter((call) => call.status !== 429).map((call) => call.at);
  const relative = (at: number | undefined): number | undefined =>
    at === undefined ? undefined : at - switchedAt;
  const first = arrivals[0];
  const lastOfFirst = arrivals[Math.min(budget.calls, arrivals.length) - 1];
  const effects = await stack.query<{ recorded: number; started: Date | null }>(
    `SELECT count(*)::int AS recorded, min(created_at) AS started FROM ${HANDOVER_SCHEMA}.effect
     WHERE kind = 'update_categories' AND created_at >= $1`,
    [new Date(switchedAt - 1_000)],
  );
  const completed = timedOut ? undefined : arrivals.at(-1);
  await handover.child.stop();
  await simulator.child.stop();
  const others = calls.filter((call) => recategorizedThread(call) === undefined);
  return {
    threads: options.threads,
    budget,
    seedSec: seeded.seconds,
    factsSec,
    switchedAt,
    acceptedMs,
    decisionStartMs:
      effects[0]?.started === null || effects[0]?.started === undefined
        ? undefined
        : effects[0].started.getTime() - switchedAt,
    effectsRecorded: effects[0]?.recorded ?? 0,
    firstCallMs: relative(first),
    lastOfFirstWindowMs: relative(lastOfFirst),
    firstOfSecondWindowMs: relative(arrivals[budget.calls]),
    completedMs: relative(completed),
    recategorized: arrivals.length,
    minimumMs,
    ratio: completed === undefined || minimumMs === 0 ? undefined : (completed - switchedAt) / minimumMs,
    maxInWindow: maxInAnyWindow(counted, budget.windowMs).count,
    statuses: statusCounts(recategorizations),
    rateLimited: calls.filter((call) => call.status === 429).length,
    otherCalls: countBy(others, (call) => `${call.method} ${routeOf(call.path)} ${call.status}`),
    burstPerSec:
      first !== undefined && lastOfFirst !== undefined && lastOfFirst > first
        ? ((Math.min(budget.calls, arrivals.length) - 1) * 1_000) / (lastOfFirst - first)
        : undefined,
    cpu: cpuReport,
    decision: histogramDelta(metricsBefore, metricsAfter, 'handover_batch_seconds', {
      topic: 'ops.commands.v1',
    }),
    calls: histogramDelta(metricsBefore, metricsAfter, 'handover_effect_seconds', {
      kind: 'update_categories',
    }),
    timedOut,
  };
}

export const CALLS_PER_MOVE = 2;
