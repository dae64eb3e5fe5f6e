import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { startConsuming } from '@handover/event-runtime';
import { listenHttp } from '@handover/observability';
import { Client } from 'pg';
import { createBotResponderApp } from '../../apps/bot-responder/src/bot-responder.app';
import { type RunOptions } from '@handover/event-runtime';
import { loadBotResponderConfig } from '../../apps/bot-responder/src/config/bot-responder.config';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import {
  type ApiBody,
  BOT_TOKEN,
  type RunningSimulator,
  startSimulator,
} from '../../apps/engage-simulator/test/simulator.harness';
import { createTestDatabase, type KafkaHandle, startKafka, type TestDatabase } from '../infra';
import {
  type RunningGateway,
  TEST_ADMIN_TOKEN,
  TEST_VERIFY_TOKEN,
  TEST_WEBHOOK_SECRET,
  startGateway,
} from './gateway-harness';

interface PlatformEventView {
  type: string;
  resource: { id: string; metadata: Record<string, unknown> };
}

export interface ApiCallRecord {
  method: string;
  path: string;
  params: Record<string, unknown>;
  status: number;
  /** When the platform received it, epoch ms. */
  at: number;
}

/** The simulated platform, the gateway and a Kafka broker of this spec's own; bot-responder comes and goes. */
export interface CustomerViewLine {
  content_id: string;
  from: 'customer' | 'brand';
  body: string;
  private: boolean;
  title: string | null;
  to: string[] | null;
}

export interface BotStack {
  kafka: KafkaHandle;
  database: TestDatabase;
  gateway: RunningGateway;
  simulator: RunningSimulator;
  /** The env bot-responder runs with (in-process or as a child process). */
  botEnv: Record<string, string>;
  startBot(env?: Record<string, string>, run?: RunOptions): Promise<NestFastifyApplication>;
  /** Where an app of startBot serves /metrics (its internal port). */
  internalUrlOf(app: NestFastifyApplication): string;
  /** `extra`: more fields of the simulator's customer message (private, attachments, author_email…). */
  customerSays(
    body: string,
    threadId?: string,
    sourceId?: string,
    extra?: Record<string, unknown>,
  ): Promise<ApiBody>;
  /** What the customer of the thread can see: every content that reached them, in order. */
  customerView(threadId: string): Promise<CustomerViewLine[]>;
  /** What an agent sees of the thread in the console: its contents and its intervention comments. */
  agentView(threadId: string): Promise<{ contents: ApiBody[]; comments: ApiBody[] }>;
  /** The simulator's control API (`/_control/...`); throws on a non-2xx answer. */
  control(method: string, path: string, json?: unknown): Promise<ApiBody>;
  apiCalls(): Promise<ApiCallRecord[]>;
  /** Bot replies the platform holds, per customer content id they answer. */
  repliesByContent(): Promise<Map<string, number>>;
  /** A query on the test database (every app's schema). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The runtime's tables and the platform's calls, for a failing test's message. */
  diagnose(): Promise<string>;
  /** Runs at close, before the stack's own apps stop (newest first). */
  onClose(close: () => Promise<void>): void;
  close(): Promise<void>;
}

/**
 * What bot-responder and handover need against the stack's simulator (the walkthrough platform, the
 * bot's token) and database, with quick retries for tests.
 */
export async function consumerAppEnv(
  simulator: RunningSimulator,
  database: TestDatabase,
): Promise<Record<string, string>> {
  return {
    DATABASE_URL: database.url,
    ENGAGE_BASE_URL: `${await simulator.app.getUrl()}/1.0`.replace('[::1]', '127.0.0.1'),
    ENGAGE_API_TOKEN: BOT_TOKEN,
    ENGAGE_TIMEOUT_MS: '1000',
    EFFECT_RETRY_BASE_DELAY_MS: '50',
    BOT_CATEGORY_ID: WALKTHROUGH.botCategoryId,
    AGENT_CATEGORY_ID: WALKTHROUGH.agentCategoryId,
    BOT_USER_ID: WALKTHROUGH.botUserId,
  };
}

/** The `application_name` of the harness's own Postgres connections. */
export const HARNESS_APPLICATION_NAME = 'test-harness';

const DIAGNOSTIC_QUERIES = [
  'SELECT topic, partition, next_offset FROM bot_responder.consumer_checkpoint ORDER BY 1, 2',
  'SELECT id, status, attempts, outcome_unknown, last_error FROM bot_responder.effect ORDER BY seq DESC LIMIT 20',
  'SELECT count(*) AS unsent FROM bot_responder.outbox_message WHERE sent_at IS NULL',
];

/**
 * `kafkaEnv`: how the apps reach Kafka (KAFKA_BROKERS and the security variables), when not the
 * PLAINTEXT listener of a broker of the stack's own; `kafka` is then the broker it belongs to.
 */
export async function startBotStack(
  simulatorEnv: Record<string, string> = {},
  options: { kafka?: KafkaHandle; kafkaEnv?: Record<string, string> } = {},
): Promise<BotStack> {
  const kafka = options.kafka ?? (await startKafka({ dedicated: true }));
  const kafkaEnv = options.kafkaEnv ?? { KAFKA_BROKERS: kafka.brokers.join(',') };
  // bot-responder creates its schema and runs its migrations at start, as in production.
  const database = await createTestDatabase();
  const gateway = await startGateway(kafka.brokers, { GATEWAY_ADMIN_TOKEN: TEST_ADMIN_TOKEN, ...kafkaEnv });
  const simulator = await startSimulator({
    SIMULATOR_WEBHOOK_URL: `${gateway.url}/webhooks/engage`,
    SIMULATOR_WEBHOOK_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
    SIMULATOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    SIMULATOR_WEBHOOK_RETRY_DELAYS_MS: '100,200,400,800,1600',
    // The real quota (500/min) is honoured by the effect worker; here it would only slow the suite.
    SIMULATOR_RATE_LIMIT_PER_MINUTE: '1000000',
    ...simulatorEnv,
  });
  const botEnv: Record<string, string> = {
    ...kafkaEnv,
    ...(await consumerAppEnv(simulator, database)),
    EFFECT_LEASE_MS: '2000',
    // The platform quota is tested where it is the subject; here it would only slow the suite.
    ENGAGE_QUOTA_CALLS: '1000000',
    LOG_LEVEL: process.env.TEST_BOT_LOG_LEVEL ?? 'silent',
  };
  const apps: NestFastifyApplication[] = [];
  const internalUrls = new WeakMap<NestFastifyApplication, string>();
  const closers: Array<() => Promise<void>> = [];
  // Named, so that a chaos run killing the apps' connections (pg_terminate_backend) spares it.
  const sql = new Client({ connectionString: database.url, application_name: HARNESS_APPLICATION_NAME });
  await sql.connect();
  const control = async (method: string, path: string, json?: unknown): Promise<ApiBody> => {
    const response = await simulator.request(method, path, json === undefined ? {} : { json });
    if (response.status >= 300) {
      throw new Error(`${method} ${path} answered ${response.status}`);
    }
    return response.body;
  };
  const apiCalls = async (): Promise<ApiCallRecord[]> =>
    (await control('GET', '/_control/api-calls')) as unknown as ApiCallRecord[];
  return {
    kafka,
    database,
    gateway,
    simulator,
    botEnv,
    async startBot(env = {}, run) {
      const app = await createBotResponderApp(loadBotResponderConfig({ ...botEnv, ...env }), run);
      apps.push(app);
      await app.init();
      await startConsuming(app);
      const { internalUrl } = await listenHttp(app, { port: 0, host: '127.0.0.1' }, { internalPort: 0 });
      internalUrls.set(app, internalUrl);
      return app;
    },
    internalUrlOf(app) {
      const url = internalUrls.get(app);
      if (url === undefined) {
        throw new Error('internalUrlOf: not an app of this stack');
      }
      return url;
    },
    control,
    customerSays: (body, threadId, sourceId = WALKTHROUGH.sourceId, extra = {}) =>
      control('POST', '/_control/customer-messages', {
        source_id: sourceId,
        ...(body === '' ? {} : { body }),
        ...(threadId ? { thread_id: threadId } : {}),
        ...extra,
      }),
    async customerView(threadId) {
      const view = await control('GET', `/_control/threads/${threadId}/customer-view`);
      return view.messages as unknown as CustomerViewLine[];
    },
    async agentView(threadId) {
      const view = await control('GET', `/_control/threads/${threadId}/agent-view`);
      return { contents: view.contents, comments: view.comments };
    },
    apiCalls,
    async repliesByContent() {
      // The platform's own record of contents (its webhook outbox), so a write whose answer was
      // lost (drop_after_write) is counted too.
      const events = (await control('GET', '/_control/events')) as unknown as PlatformEventView[];
      const replies = new Map<string, number>();
      for (const event of events) {
        const metadata = event.resource.metadata;
        // Written through the API: RCED reports it as content.replied (it imports only what comes from the source).
        if (event.type === 'content.replied' && metadata.creator_id === WALKTHROUGH.botUserId) {
          const inReplyTo = String(metadata.in_reply_to_id);
          replies.set(inReplyTo, (replies.get(inReplyTo) ?? 0) + 1);
        }
      }
      return replies;
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await sql.query(text, params)).rows as T[];
    },
    async diagnose() {
      const client = new Client({
        connectionString: database.url,
        application_name: HARNESS_APPLICATION_NAME,
      });
      await client.connect();
      const lines: string[] = [];
      try {
        for (const sql of DIAGNOSTIC_QUERIES) {
          const result = await client.query(sql).catch((error: Error) => ({ rows: [error.message] }));
          lines.push(sql, JSON.stringify(result.rows));
        }
      } finally {
        await client.end();
      }
      const calls = await apiCalls();
      lines.push(`last platform calls: ${JSON.stringify(calls.slice(-10))}`);
      const events = (await control('GET', '/_control/events')) as unknown as PlatformEventView[];
      lines.push(`last platform events: ${JSON.stringify(events.slice(-6))}`);
      return lines.join('\n');
    },
    onClose(close) {
      closers.push(close);
    },
    async close() {
      for (const closeExtra of closers.reverse()) {
        await closeExtra().catch(() => undefined);
      }
      for (const app of apps) {
        await app.close().catch(() => undefined);
      }
      await simulator.app.close();
      await gateway.close();
      await sql.end();
      await database.drop();
      await kafka.stop();
    },
  };
}
