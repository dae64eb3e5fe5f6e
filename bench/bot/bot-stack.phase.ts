import { createBenchDatabase, startBenchKafka } from '../lib/bench-infra';
import { randomBytes } from 'node:crypto';
import { type Admin } from 'kafkajs';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { type KafkaHandle, pollUntil } from '../../test/infra';
import { type BenchLifecycle } from '../lib/bench-lifecycle';
import { type RunningServer } from '../lib/server-process';
import { appEntry } from '../lib/app-build';
import { startServer } from '../lib/server-process';

/** Far above any rate the bench reaches: the bench measures the bot, not the platform's quota. */
export const SIMULATOR_RATE_LIMIT_PER_MINUTE = '100000000';
const BOT_GROUP_ID = 'bot-responder';

export interface BotStack {
  readonly kafka: KafkaHandle;
  readonly brokerPid?: number;
  readonly admin: Admin;
  readonly databaseUrl: string;
  readonly gateway: RunningServer;
  readonly simulator: RunningServer;
  readonly bot: RunningServer;
  /** What bot-responder ran with; the replay reads the same. */
  readonly botEnv: Readonly<Record<string, string>>;
}

/** A broker and a database of this run's own, then the three production builds wired as in `npm start`. */
export async function startBotStack(
  lifecycle: BenchLifecycle,
  options: { botNodeArgs?: readonly string[]; botEnv?: Readonly<Record<string, string>> } = {},
): Promise<BotStack> {
  const { kafka, brokerPid, admin } = await startBenchKafka(lifecycle, 'bench-bot-admin');
  const databaseUrl = (await createBenchDatabase(lifecycle, 'bench_bot')).url;

  const secret = randomBytes(24).toString('base64url');
  const verifyToken = randomBytes(12).toString('hex');
  const apiToken = randomBytes(12).toString('hex');
  const production = { NODE_ENV: 'production', LOG_LEVEL: 'warn' };
  const brokers = kafka.brokers.join(',');
  const gateway = await startServer(lifecycle, {
    name: 'gateway',
    nodeArgs: [appEntry('gateway')],
    env: {
      ...production,
      KAFKA_BROKERS: brokers,
      ENGAGE_WEBHOOK_SECRET: secret,
      ENGAGE_VERIFY_TOKEN: verifyToken,
    },
    healthPath: '/health',
  });
  const simulator = await startServer(lifecycle, {
    name: 'engage-simulator',
    nodeArgs: [appEntry('engage-simulator')],
    env: {
      ...production,
      SIMULATOR_TOKENS: apiToken,
      SIMULATOR_WEBHOOK_URL: `${gateway.baseUrl}/webhooks/engage`,
      SIMULATOR_WEBHOOK_VERIFY_TOKEN: verifyToken,
      SIMULATOR_WEBHOOK_SECRET: secret,
      SIMULATOR_RATE_LIMIT_PER_MINUTE,
    },
    healthPath: '/_control/events',
    listenVariables: { port: 'SIMULATOR_PORT', host: 'SIMULATOR_HOST' },
  });
  const botEnv = {
    ...production,
    KAFKA_BROKERS: brokers,
    DATABASE_URL: databaseUrl,
    KAFKA_GROUP_ID: BOT_GROUP_ID,
    ENGAGE_BASE_URL: `${simulator.baseUrl}/1.0`,
    ENGAGE_API_TOKEN: apiToken,
    BOT_CATEGORY_ID: WALKTHROUGH.botCategoryId,
    AGENT_CATEGORY_ID: WALKTHROUGH.agentCategoryId,
    BOT_USER_ID: WALKTHROUGH.botUserId,
    // Throughput is measured, not the platform quota (the simulator's is unbounded too).
    ENGAGE_QUOTA_CALLS: '100000000',
  };
  const bot = await startServer(lifecycle, {
    name: 'bot-responder',
    nodeArgs: [...(options.botNodeArgs ?? []), appEntry('bot-responder')],
    env: { ...botEnv, ...options.botEnv },
    healthPath: '/health/live',
  });
  // Live answers HTTP before the consumer has joined: messages sent earlier would wait for the join.
  await pollUntil(
    async () => {
      const { groups } = await admin.describeGroups([BOT_GROUP_ID]);
      return groups[0]?.state === 'Stable' && groups[0].members.length > 0;
    },
    { timeoutMs: 60_000, intervalMs: 250, description: 'bot-responder to join its consumer group' },
  );
  return { kafka, brokerPid, admin, databaseUrl, gateway, simulator, bot, botEnv };
}

/** A fresh database on the local server, dropped when the bench ends. */
