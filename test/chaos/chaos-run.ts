import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { HARNESS_APPLICATION_NAME } from '../support/bot-stack';
import { TEST_WEBHOOK_SECRET } from '../support/gateway-harness';
import { type ChaosStack, startChaosStack } from './chaos-stack';
import { CustomerTraffic, type TrafficOutcome } from './customer-traffic';
import { hostileDelivery } from './hostile-webhooks';
import { PartitionStallMonitor } from './partition-stall.monitor';
import { seededRandom } from '../support/seeded-random';

export interface ChaosOptions {
  seed: number;
  /** Customer messages per fault. */
  messages: number;
  /** How many times each consumer app is killed in its phase. */
  kills: number;
  hostileWebhooks: number;
  replicas: number;
  /** Only these faults (all when empty). */
  only: readonly string[];
}

export const FULL_RUN: ChaosOptions = {
  seed: 13,
  messages: 200,
  kills: 3,
  hostileWebhooks: 10_000,
  replicas: 2,
  only: [],
};
export const SHORT_RUN: ChaosOptions = {
  seed: 13,
  messages: 30,
  kills: 1,
  hostileWebhooks: 300,
  replicas: 2,
  only: [],
};

/**
 * The longest a partition may wait with records to apply. A SIGKILLed consumer holds its partitions
 * until its session times out (10 s), then the group rebalances (a few seconds); a record that
 * fails is retried for at most ~3 s before it is parked. 30 s leaves room for a slow 2-core machine.
 */
export const STALL_BOUND_MS = 30_000;
/** How long a fault's messages may take to be answered once it is over. */
const DRAIN_MS = 120_000;

export interface FaultReport extends TrafficOutcome {
  fault: string;
  parked: number;
  maxStallMs: number;
  /** 5xx answers to bad input (hostile webhooks). */
  serverErrors: number;
  /** App processes that died by themselves during the fault. */
  crashes: string[];
}

interface Fault {
  name: string;
  /** Runs the customer traffic of the phase while injecting the fault; returns 5xx answers seen. */
  run(
    context: FaultContext,
  ): Promise<{ sent: Awaited<ReturnType<CustomerTraffic['send']>>; serverErrors: number }>;
}

interface FaultContext {
  chaos: ChaosStack;
  traffic: CustomerTraffic;
  options: ChaosOptions;
  random: () => number;
}

const PACE_MS = 25;

/**
 * Kills happen evenly within the phase's stream, on replicas in turn, each once the group has
 * recovered from the one before (every message so far answered): a kill's stall is measured against
 * the bound, not a pile-up of rebalances that no bound could justify.
 */
function killing(app: 'bot-responder' | 'handover'): Fault {
  return {
    name: `SIGKILL ${app}`,
    async run({ chaos, traffic, options }) {
      const every = Math.max(1, Math.floor(options.messages / (options.kills + 1)));
      let kills = 0;
      const sent = await traffic.send(options.messages, PACE_MS, async (i, sentSoFar) => {
        if ((i + 1) % every === 0 && kills < options.kills) {
          await traffic.settle(sentSoFar, DRAIN_MS);
          await chaos.killAndRestart(app, kills % options.replicas);
          kills += 1;
        }
      });
      return { sent, serverErrors: 0 };
    },
  };
}

const FAULTS: Fault[] = [
  {
    name: 'none (baseline)',
    run: async ({ traffic, options }) => ({
      sent: await traffic.send(options.messages, PACE_MS),
      serverErrors: 0,
    }),
  },
  killing('bot-responder'),
  killing('handover'),
  {
    name: 'SIGKILL broker, restart after 5 s',
    async run({ chaos, traffic, options }) {
      const half = Math.floor(options.messages / 2);
      const sent = await traffic.send(half, PACE_MS);
      await chaos.killBroker(5_000);
      sent.push(...(await traffic.send(options.messages - half, PACE_MS)));
      return { sent, serverErrors: 0 };
    },
  },
  {
    name: 'Postgres connections killed',
    async run({ chaos, traffic, options }) {
      const every = Math.max(1, Math.floor(options.messages / 4));
      const sent = await traffic.send(options.messages, PACE_MS, async (i) => {
        if ((i + 1) % every === 0) {
          await terminateBackends(chaos.stack.database.url, chaos.stack.database.name);
        }
      });
      return { sent, serverErrors: 0 };
    },
  },
  {
    name: 'platform 5xx, 429, lost answers, timeouts',
    async run({ chaos, traffic, options }) {
      const fault = (rule: Record<string, unknown>) => chaos.stack.control('PUT', '/_control/faults', rule);
      await fault({ endpoint: 'POST /contents', error_rate: 0.3, error_status: 503, rate_limit_burst: 5 });
      await fault({
        endpoint: 'PUT /content_threads/:id/update_categories',
        drop_after_write: true,
        remaining: 5,
      });
      await fault({ endpoint: 'POST /interventions', latency_ms: 1_500, remaining: 5 });
      const half = Math.floor(options.messages / 2);
      const sent = await traffic.send(half, PACE_MS);
      await fault({ endpoint: 'POST /contents', drop_after_write: true, remaining: 10 });
      sent.push(...(await traffic.send(options.messages - half, PACE_MS)));
      await chaos.stack.control('DELETE', '/_control/faults');
      return { sent, serverErrors: 0 };
    },
  },
  {
    name: 'duplicate and out-of-order deliveries',
    async run({ chaos, traffic, options, random }) {
      const sent = await traffic.send(options.messages, PACE_MS);
      const ours = new Set(sent.map((message) => message.contentId));
      const events = (
        (await chaos.stack.control('GET', '/_control/events')) as unknown as Array<Record<string, unknown>>
      ).filter((event) => ours.has(String((event.resource as { id: unknown }).id)));
      // Each delivered again, twice, in shuffled order and regrouped: RCED may do all of it.
      const again = [...events, ...events].sort(() => random() - 0.5);
      let serverErrors = 0;
      for (let i = 0; i < again.length; i += 3) {
        const response = await chaos.stack.gateway.postWebhook({
          id: `chaos-redelivery-${i}`,
          domain_id: 'chaos',
          events: again.slice(i, i + 3),
        });
        serverErrors += response.status >= 500 ? 1 : 0;
      }
      return { sent, serverErrors };
    },
  },
  {
    name: 'hostile webhooks (fuzzed)',
    async run({ chaos, traffic, options, random }) {
      const hostile = postHostile(chaos, options.hostileWebhooks, random);
      const sent = await traffic.send(options.messages, PACE_MS);
      return { sent, serverErrors: await hostile };
    },
  },
];

export const FAULT_NAMES = FAULTS.map((fault) => fault.name);

/** Runs every fault in turn on one stack; returns a row per fault. */
export async function runChaos(options: ChaosOptions, log: (line: string) => void): Promise<FaultReport[]> {
  const random = seededRandom(options.seed);
  const chaos = await startChaosStack(options.replicas);
  const admin = new Kafka({
    clientId: 'chaos-monitor',
    brokers: chaos.stack.kafka.brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  const monitor = new PartitionStallMonitor(admin, chaos.stack.database.url);
  const reports: FaultReport[] = [];
  try {
    await admin.connect();
    monitor.start();
    const traffic = new CustomerTraffic(chaos.stack, random);
    for (const fault of FAULTS.filter(
      (f) => options.only.length === 0 || options.only.some((name) => f.name.startsWith(name)),
    )) {
      log(`• ${fault.name}…`);
      const parkedBefore = await parkedCount(chaos.stack.database.url);
      monitor.takeLongestMs();
      const { sent, serverErrors } = await fault.run({ chaos, traffic, options, random });
      const outcome = await traffic.outcome(sent, DRAIN_MS);
      const report: FaultReport = {
        fault: fault.name,
        ...outcome,
        parked: (await parkedCount(chaos.stack.database.url)) - parkedBefore,
        maxStallMs: monitor.takeLongestMs(),
        serverErrors,
        crashes: chaos.takeCrashes(),
      };
      reports.push(report);
      if (report.crashes.length > 0) {
        log(`  ${report.crashes.join('; ')}\n${chaos.outputs()}`);
      }
      if (outcome.wrong.length > 0) {
        log(
          `  not answered exactly once: ${outcome.wrong.slice(0, 20).join(', ')}\n${await chaos.stack.diagnose()}\n${chaos.outputs()}`,
        );
      }
    }
  } finally {
    monitor.stop();
    await admin.disconnect().catch(() => undefined);
    await chaos.close();
  }
  return reports;
}

/** Why the run failed (empty when it passed): any loss, duplicate, 5xx from bad input, or long stall. */
export function verdict(reports: readonly FaultReport[]): string[] {
  return reports.flatMap((report) => [
    ...(report.unanswered > 0 ? [`${report.fault}: ${report.unanswered} unanswered`] : []),
    ...(report.answeredTwice > 0 ? [`${report.fault}: ${report.answeredTwice} answered twice`] : []),
    ...(report.serverErrors > 0 ? [`${report.fault}: ${report.serverErrors} answers 5xx to bad input`] : []),
    ...report.crashes.map((crash) => `${report.fault}: ${crash}`),
    ...(report.maxStallMs > STALL_BOUND_MS
      ? [`${report.fault}: a partition stalled ${report.maxStallMs} ms (bound ${STALL_BOUND_MS} ms)`]
      : []),
  ]);
}

export function reportTable(reports: readonly FaultReport[]): string {
  const header = [
    'fault',
    'sent',
    'answered once',
    'answered twice',
    'unanswered',
    'parked',
    'max partition stall',
    '5xx to bad input',
    'crashes',
  ];
  const rows = reports.map((r) =>
    [
      r.fault,
      r.sent,
      r.answeredOnce,
      r.answeredTwice,
      r.unanswered,
      r.parked,
      `${(r.maxStallMs / 1000).toFixed(1)} s`,
      r.serverErrors,
      r.crashes.length,
    ].map(String),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

async function postHostile(chaos: ChaosStack, count: number, random: () => number): Promise<number> {
  let next = 0;
  let serverErrors = 0;
  const url = `${chaos.stack.gateway.url}/webhooks/engage`;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const delivery = hostileDelivery(random, next++);
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': delivery.contentType,
          ...(delivery.signed ? { 'x-dimelo-secret': TEST_WEBHOOK_SECRET } : {}),
        },
        body: delivery.body,
      }).catch(() => undefined);
      await response?.arrayBuffer();
      if (response === undefined || response.status >= 500) {
        serverErrors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return serverErrors;
}

async function terminateBackends(url: string, database: string): Promise<void> {
  const client = new Client({ connectionString: url, application_name: HARNESS_APPLICATION_NAME });
  await client.connect();
  try {
    // The apps' connections, not the harness's own.
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name <> $2',
      [database, HARNESS_APPLICATION_NAME],
    );
  } finally {
    await client.end();
  }
}

async function parkedCount(url: string): Promise<number> {
  const client = new Client({ connectionString: url, application_name: HARNESS_APPLICATION_NAME });
  await client.connect();
  try {
    let total = 0;
    for (const schema of ['bot_responder', 'handover']) {
      const result = await client
        .query(`SELECT count(*)::int AS n FROM ${schema}.parked_record`)
        .catch(() => ({ rows: [{ n: 0 }] }));
      total += (result.rows[0] as { n: number }).n;
    }
    return total;
  } finally {
    await client.end();
  }
}
