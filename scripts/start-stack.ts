// The local stack in the foreground: Kafka and Postgres from the infrastructure seam, then every
// app built and started as production runs it. Ctrl-C stops everything it started.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { WALKTHROUGH } from '../apps/engage-simulator/src/platform/platform-seed';
import { createTestDatabase, pollUntil, startKafka, startPostgres } from '../test/infra';

const ROOT = join(__dirname, '..');
const DEMO_VERIFY_TOKEN = process.env.ENGAGE_VERIFY_TOKEN ?? 'local-verify-token';
const DEMO_SECRET = process.env.ENGAGE_WEBHOOK_SECRET ?? 'local-webhook-secret';
const GATEWAY_PORT = process.env.PORT ?? '3000';
const SIMULATOR_PORT = process.env.SIMULATOR_PORT ?? '3100';
const SIMULATOR_API_TOKEN = 'local-api-token';
const BOT_RESPONDER_PORT = process.env.BOT_RESPONDER_PORT ?? '3001';
const HANDOVER_PORT = process.env.HANDOVER_PORT ?? '3002';
const POLLER_PORT = process.env.AVAILABILITY_POLLER_PORT ?? '3003';
const STATS_PORT = process.env.INTERVENTION_STATS_PORT ?? '3004';
/** Each app's internal port (/metrics, /admin): its public port + 6000, set per app as INTERNAL_PORT is read by all. */
const internal = (port: string): string => String(Number(port) + 6_000);
const GATEWAY_INTERNAL = `http://127.0.0.1:${internal(GATEWAY_PORT)}`;
const DEMO_ADMIN_TOKEN = process.env.GATEWAY_ADMIN_TOKEN ?? 'local-admin-token-change-me-0123456789';
/** The ops admin API's local tokens (/admin/ops/* on the consumer apps); the dashboard reads with its own. */
const DEMO_OPS_TOKEN = process.env.OPS_API_TOKEN ?? 'local-ops-dashboard-token-change-me-0123456789';
const DEMO_ADMIN_TOKENS = process.env.ADMIN_TOKENS ?? `dashboard=${DEMO_OPS_TOKEN}`;
/** The dashboard's local supervisor: sign in at /dashboard with this token (printed at start). */
const DEMO_SUPERVISOR = 'local';
const DEMO_SUPERVISOR_TOKEN = 'local-supervisor-token-change-me-0123456789';
const DEMO_DASHBOARD_USERS = process.env.DASHBOARD_USERS ?? `${DEMO_SUPERVISOR}=${DEMO_SUPERVISOR_TOKEN}`;
const DEMO_SESSION_SECRET =
  process.env.DASHBOARD_SESSION_SECRET ?? 'local-dashboard-session-secret-change-me-0123456789';

interface AppSpec {
  name: string;
  env: Record<string, string>;
  healthUrl: string;
}

const children: ChildProcess[] = [];
const stops: Array<() => Promise<void>> = [];
let stopping = false;

async function main(): Promise<void> {
  build('gateway');
  build('engage-simulator');
  build('bot-responder');
  build('handover');
  build('availability-poller');
  build('intervention-stats');
  const kafka = await startKafka();
  stops.push(() => kafka.stop());
  const postgres = await startPostgres();
  stops.push(() => postgres.stop());
  const brokers = kafka.brokers.join(',');
  // A fresh database each run: the broker is fresh too, and checkpoints must match its offsets.
  process.env.DATABASE_URL = postgres.url;
  const database = await createTestDatabase();
  stops.push(() => database.drop());

  const gateway: AppSpec = {
    name: 'gateway',
    healthUrl: `http://127.0.0.1:${GATEWAY_PORT}/health`,
    env: {
      KAFKA_BROKERS: brokers,
      PORT: GATEWAY_PORT,
      INTERNAL_PORT: internal(GATEWAY_PORT),
      HOST: '127.0.0.1',
      ENGAGE_VERIFY_TOKEN: DEMO_VERIFY_TOKEN,
      ENGAGE_WEBHOOK_SECRET: DEMO_SECRET,
      GATEWAY_ADMIN_TOKEN: DEMO_ADMIN_TOKEN,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
  };
  await run(gateway);
  // Before the simulator: its scenario starts playing customers as soon as it is up.
  await run({
    name: 'bot-responder',
    healthUrl: `http://127.0.0.1:${BOT_RESPONDER_PORT}/health`,
    env: {
      KAFKA_BROKERS: brokers,
      DATABASE_URL: database.url,
      PORT: BOT_RESPONDER_PORT,
      INTERNAL_PORT: internal(BOT_RESPONDER_PORT),
      HOST: '127.0.0.1',
      ENGAGE_BASE_URL: `http://127.0.0.1:${SIMULATOR_PORT}/1.0`,
      ENGAGE_API_TOKEN: SIMULATOR_API_TOKEN,
      BOT_CATEGORY_ID: WALKTHROUGH.botCategoryId,
      AGENT_CATEGORY_ID: WALKTHROUGH.agentCategoryId,
      BOT_USER_ID: WALKTHROUGH.botUserId,
      ADMIN_TOKENS: DEMO_ADMIN_TOKENS,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
  });
  const engage = {
    KAFKA_BROKERS: brokers,
    DATABASE_URL: database.url,
    HOST: '127.0.0.1',
    ENGAGE_BASE_URL: `http://127.0.0.1:${SIMULATOR_PORT}/1.0`,
    ENGAGE_API_TOKEN: SIMULATOR_API_TOKEN,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };
  await run({
    name: 'handover',
    healthUrl: `http://127.0.0.1:${HANDOVER_PORT}/health`,
    env: {
      ...engage,
      PORT: HANDOVER_PORT,
      INTERNAL_PORT: internal(HANDOVER_PORT),
      BOT_CATEGORY_ID: WALKTHROUGH.botCategoryId,
      AGENT_CATEGORY_ID: WALKTHROUGH.agentCategoryId,
      BOT_USER_ID: WALKTHROUGH.botUserId,
      HANDOVER_REALTIME_SOURCE_IDS: WALKTHROUGH.sourceId,
      ADMIN_TOKENS: DEMO_ADMIN_TOKENS,
      HANDOVER_REOPEN_POLICY: process.env.HANDOVER_REOPEN_POLICY ?? 'bot-first',
      // Short for the demo, so a queued customer's wait visibly ends.
      HANDOVER_WAITING_TIMEOUT_MS: process.env.HANDOVER_WAITING_TIMEOUT_MS ?? '20000',
    },
  });
  await run({
    name: 'availability-poller',
    healthUrl: `http://127.0.0.1:${POLLER_PORT}/health`,
    env: {
      ...engage,
      PORT: POLLER_PORT,
      INTERNAL_PORT: internal(POLLER_PORT),
      AGENT_CATEGORY_ID: WALKTHROUGH.agentCategoryId,
      AVAILABILITY_SOURCE_IDS: WALKTHROUGH.sourceId,
      AVAILABILITY_POLL_MS: process.env.AVAILABILITY_POLL_MS ?? '2000',
    },
  });
  await run({
    name: 'intervention-stats',
    healthUrl: `http://127.0.0.1:${STATS_PORT}/health`,
    env: {
      KAFKA_BROKERS: brokers,
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: STATS_PORT,
      INTERNAL_PORT: internal(STATS_PORT),
      BOT_USER_ID: WALKTHROUGH.botUserId,
      // The dashboard names sources and categories from the platform (ids until it answers).
      ENGAGE_BASE_URL: `http://127.0.0.1:${SIMULATOR_PORT}/1.0`,
      ENGAGE_API_TOKEN: SIMULATOR_API_TOKEN,
      // The dashboard's emergency switch calls the gateway's admin API server-side.
      GATEWAY_URL: GATEWAY_INTERNAL,
      GATEWAY_ADMIN_TOKEN: DEMO_ADMIN_TOKEN,
      // The failures panel reads the apps' ops admin API server-side.
      ADMIN_TOKENS: DEMO_ADMIN_TOKENS,
      OPS_API_URLS: [
        `bot-responder=http://127.0.0.1:${internal(BOT_RESPONDER_PORT)}`,
        `handover=http://127.0.0.1:${internal(HANDOVER_PORT)}`,
        `intervention-stats=http://127.0.0.1:${internal(STATS_PORT)}`,
      ].join(','),
      OPS_API_TOKEN: DEMO_OPS_TOKEN,
      DASHBOARD_USERS: DEMO_DASHBOARD_USERS,
      DASHBOARD_SESSION_SECRET: DEMO_SESSION_SECRET,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
  });
  // The local RCED platform, delivering its webhooks to the gateway like a real one.
  await run({
    name: 'engage-simulator',
    healthUrl: `http://127.0.0.1:${SIMULATOR_PORT}/_control/events`,
    env: {
      SIMULATOR_PORT,
      INTERNAL_PORT: internal(SIMULATOR_PORT),
      SIMULATOR_HOST: '127.0.0.1',
      SIMULATOR_TOKENS: SIMULATOR_API_TOKEN,
      SIMULATOR_WEBHOOK_URL: `http://127.0.0.1:${GATEWAY_PORT}/webhooks/engage`,
      SIMULATOR_WEBHOOK_VERIFY_TOKEN: DEMO_VERIFY_TOKEN,
      SIMULATOR_WEBHOOK_SECRET: DEMO_SECRET,
      SIMULATOR_SCENARIO:
        process.env.SIMULATOR_SCENARIO ?? join(ROOT, 'apps', 'engage-simulator', 'scenarios', 'demo.yaml'),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
  });
  printBanner(brokers, database.url);
}

function build(app: string): void {
  process.stderr.write(`building ${app}…\n`);
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'nest'), ['build', app], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`nest build ${app} failed`);
  }
}

async function run(app: AppSpec): Promise<void> {
  const main = join(ROOT, 'dist', 'apps', app.name, 'apps', app.name, 'src', 'main.js');
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { ...process.env, ...app.env },
    stdio: 'inherit',
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${app.name} exited (${signal ?? code}); stopping the stack\n`);
      void shutdown(1);
    }
  });
  await pollUntil(async () => (await fetch(app.healthUrl).catch(() => undefined))?.ok === true, {
    timeoutMs: 60_000,
    intervalMs: 250,
    description: `${app.name} to answer ${app.healthUrl}`,
  });
}

function printBanner(brokers: string, databaseUrl: string): void {
  const base = `http://127.0.0.1:${GATEWAY_PORT}`;
  process.stdout.write(
    [
      '',
      'handover is running (Ctrl-C stops everything):',
      `  dashboard    http://127.0.0.1:${STATS_PORT}/dashboard  (analytics API /analytics/summary, OpenAPI /docs)`,
      process.env.DASHBOARD_USERS
        ? '  sign in with your token from DASHBOARD_USERS'
        : `  sign in with the local supervisor's token: ${DEMO_SUPERVISOR_TOKEN}` +
          `\n  analytics API: curl -H 'authorization: Bearer ${DEMO_SUPERVISOR_TOKEN}' http://127.0.0.1:${STATS_PORT}/analytics/summary`,
      `  gateway      ${base}  (health ${base}/health; metrics ${GATEWAY_INTERNAL}/metrics, the internal port)`,
      `  webhook URL  ${base}/webhooks/engage`,
      process.env.ENGAGE_VERIFY_TOKEN
        ? '  verify token and secret: from ENGAGE_VERIFY_TOKEN and ENGAGE_WEBHOOK_SECRET'
        : `  verify token and secret (local demo values): ${DEMO_VERIFY_TOKEN} / ${DEMO_SECRET}`,
      `  bot-responder http://127.0.0.1:${BOT_RESPONDER_PORT}/health (metrics :${internal(BOT_RESPONDER_PORT)}/metrics); replay: npm run replay -- bot-responder`,
      `  handover     http://127.0.0.1:${HANDOVER_PORT}/health (metrics :${internal(HANDOVER_PORT)}/metrics); events on handover.events.v1`,
      `  availability http://127.0.0.1:${POLLER_PORT}/health (metrics :${internal(POLLER_PORT)}/metrics); events on availability.events.v1`,
      `  RCED sim     http://127.0.0.1:${SIMULATOR_PORT}/1.0  (API token ${SIMULATOR_API_TOKEN}; control API /_control, see apps/engage-simulator/README.md)`,
      `  KAFKA_BROKERS=${brokers}`,
      `  DATABASE_URL=${databaseUrl}`,
      '',
      'The demo scenario (apps/engage-simulator/scenarios/demo.yaml) plays customers and agents every 60 s:',
      'the bot answers, hands over (at once, or after a wait in the queue), and gets threads back when agents close.',
      'Watch what the platform received:',
      `  curl http://127.0.0.1:${SIMULATOR_PORT}/_control/api-calls`,
      'Make a customer write yourself (it reaches the gateway, then engage.events.v1):',
      `  curl -X POST http://127.0.0.1:${SIMULATOR_PORT}/_control/customer-messages -H 'content-type: application/json' -d '{"source_id":"5be1c0b4e20311250379c101","body":"Bonjour"}'`,
      '',
      'Switch the emergency handover on (every bot conversation goes to agents) and off:',
      `  curl -X POST ${GATEWAY_INTERNAL}/admin/emergency -H 'authorization: Bearer ${DEMO_ADMIN_TOKEN}' -H 'x-acting-for: you' -H 'content-type: application/json' -d '{"active":true,"scope":"all","reason":"demo"}'`,
      '',
      'Watch a conversation as its customer sees it (the thread_id is in the answer above):',
      `  curl http://127.0.0.1:${SIMULATOR_PORT}/_control/threads/<thread_id>/customer-view`,
      `  and on the dashboard: http://127.0.0.1:${STATS_PORT}/dashboard`,
      '',
      'Or be RCED yourself and call the gateway directly (README.md, Quick start): "deliver":false hands you the webhook',
      `  curl -s -X POST http://127.0.0.1:${SIMULATOR_PORT}/_control/customer-messages -H 'content-type: application/json' -d '{"source_id":"5be1c0b4e20311250379c101","body":"Quels sont vos horaires ?","deliver":false}' > webhook.json`,
      `  curl -X POST ${base}/webhooks/engage -H 'content-type: application/json' -H 'x-dimelo-secret: <secret>' --data @webhook.json`,
      '',
    ].join('\n'),
  );
}

async function shutdown(code: number): Promise<void> {
  if (stopping) {
    return;
  }
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) {
            return resolve();
          }
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  for (const stop of stops.reverse()) {
    await stop().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  void shutdown(1);
});
