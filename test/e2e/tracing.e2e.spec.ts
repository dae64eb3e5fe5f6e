import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import {
  BOT_TOKEN,
  type RunningSimulator,
  startSimulator,
} from '../../apps/engage-simulator/test/simulator.harness';
import { type KafkaHandle, createTestDatabase, pollUntil, startKafka, type TestDatabase } from '../infra';
import { freePort } from '../infra/free-port.util';
import { type AppProcess, spawnAppProcess } from '../support/app-process';
import { consumerAppEnv } from '../support/bot-stack';
import { TEST_VERIFY_TOKEN, TEST_WEBHOOK_SECRET } from '../support/gateway-harness';
import {
  type CollectedSpan,
  type OtlpCollector,
  startOtlpCollector,
  traceTree,
} from '../support/otlp-collector';

const ARTIFACT = join(__dirname, '..', '..', 'test-artifacts', 'trace.txt');
const HUMAN_PLEASE = 'Je voudrais parler à un conseiller';
const COLLECTOR_TOKEN = 'collector-token-e2e-31337';

/** The spans from `span` up to its trace's root, root first. */
function pathTo(span: CollectedSpan, spans: readonly CollectedSpan[]): CollectedSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const path = [span];
  for (let parent = byId.get(span.parentSpanId ?? ''); parent; parent = byId.get(parent.parentSpanId ?? '')) {
    path.unshift(parent);
  }
  return path;
}

/**
 * One customer message, webhook to reply and recategorization, traced across the real processes:
 * the gateway, bot-responder and handover run as `node main.ts` would, exporting their spans over
 * OTLP/HTTP JSON to a collector of the test's own; RCED is the simulator.
 */
describe('tracing', () => {
  let collector: OtlpCollector;
  let kafka: KafkaHandle;
  let database: TestDatabase;
  let simulator: RunningSimulator;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    const [collectorStarted, kafkaStarted, databaseCreated, ports] = await Promise.all([
      startOtlpCollector(),
      startKafka({ dedicated: true }),
      createTestDatabase(),
      Promise.all([freePort(), freePort(), freePort()]),
    ]);
    [collector, kafka, database] = [collectorStarted, kafkaStarted, databaseCreated];
    const [gatewayPort, botPort, handoverPort] = ports;
    // The simulator checks the webhook on its first delivery: the gateway may still be starting.
    simulator = await startSimulator({
      SIMULATOR_WEBHOOK_URL: `http://127.0.0.1:${gatewayPort}/webhooks/engage`,
      SIMULATOR_WEBHOOK_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
      SIMULATOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      SIMULATOR_WEBHOOK_RETRY_DELAYS_MS: '100,200,400,800,1600',
      SIMULATOR_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    const otel = {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: `x-collector-token=${COLLECTOR_TOKEN}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    const common = { KAFKA_BROKERS: kafka.brokers.join(','), LOG_LEVEL: 'warn', ...otel };
    const consumer = { ...common, ...(await consumerAppEnv(simulator, database)) };
    apps.push(
      spawnAppProcess(
        'gateway',
        'apps/gateway/src/main.ts',
        { ...common, ENGAGE_VERIFY_TOKEN: TEST_VERIFY_TOKEN, ENGAGE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET },
        gatewayPort,
      ),
      spawnAppProcess('bot-responder', 'apps/bot-responder/src/main.ts', consumer, botPort),
      // No realtime source: a handover recategorizes at once, without waiting for an agent.
      spawnAppProcess('handover', 'apps/handover/src/main.ts', consumer, handoverPort),
    );
    await Promise.all(apps.map((app) => app.live()));
    // Ready: bot-responder and handover are members of their consumer groups.
    await pollUntil(
      async () =>
        (await Promise.all(apps.map((app) => fetch(`${app.url}/health`).catch(() => undefined)))).every(
          (answer) => answer?.status === 200,
        ),
      { timeoutMs: 30_000, intervalMs: 200, description: 'the apps to be ready' },
    );
  }, 120_000);

  afterAll(async () => {
    // SIGTERM: each app closes, flushes its last spans and exits.
    await Promise.all(
      apps.map((app) => {
        app.child.kill('SIGTERM');
        return app.exit;
      }),
    );
    await simulator?.app.close();
    await database?.drop();
    await kafka?.stop();
    await collector?.close();
  });

  it('should trace one message from the webhook to the reply and the recategorization, across the processes, in one trace', async () => {
    const asked = await simulator.request('POST', '/_control/customer-messages', {
      json: { source_id: WALKTHROUGH.sourceId, thread_id: WALKTHROUGH.threadId, body: HUMAN_PLEASE },
    });
    const contentId = asked.body.id;

    const effectSpan = (spans: readonly CollectedSpan[], kind: string): CollectedSpan | undefined =>
      spans.find(
        (span) =>
          span.name === kind &&
          span.attributes['handover.effect.outcome'] === 'done' &&
          (kind !== 'post_reply' || span.attributes['handover.effect.id'] === `reply:${contentId}`),
      );
    const reply = await pollUntil(() => effectSpan(collector.spans, 'post_reply'), {
      timeoutMs: 20_000,
      description: `the post_reply span of reply:${contentId}`,
    });
    const trace = collector.spans.filter((span) => span.traceId === reply.traceId);
    const recategorization = await pollUntil(
      () =>
        effectSpan(
          collector.spans.filter((span) => span.traceId === reply.traceId),
          'update_categories',
        ),
      { timeoutMs: 20_000, description: 'the update_categories span in the same trace' },
    );
    // Whatever else ended meanwhile in this trace (the agent's note) is exported within the schedule delay.
    await new Promise((resolve) => setTimeout(resolve, 500));
    trace.splice(0, trace.length, ...collector.spans.filter((span) => span.traceId === reply.traceId));
    const tree = traceTree(trace, reply.traceId);
    mkdirSync(join(ARTIFACT, '..'), { recursive: true });
    writeFileSync(ARTIFACT, `${tree}\n`);
    console.log(tree);

    // One root, the webhook's SERVER span in the gateway; every other span's parent is in the trace.
    const roots = trace.filter((span) => span.parentSpanId === undefined);
    expect(roots.map((span) => [span.service, span.kind, span.name])).toEqual([
      ['gateway', 'server', 'POST /webhooks/engage'],
    ]);
    expect(roots[0].attributes['http.response.status_code']).toBe(200);
    const ids = new Set(trace.map((span) => span.spanId));
    expect(trace.filter((span) => span.parentSpanId !== undefined && !ids.has(span.parentSpanId))).toEqual(
      [],
    );
    // Webhook → reply, each hop across a process boundary carried by the record's headers.
    const toReply = pathTo(reply, trace).map((span) => `${span.service} ${span.kind} ${span.name}`);
    expect(toReply.slice(0, 3)).toEqual([
      'gateway server POST /webhooks/engage',
      'gateway producer send engage.events.v1',
      'bot-responder consumer process engage.events.v1',
    ]);
    expect(toReply[toReply.length - 1]).toBe('bot-responder client post_reply');
    // … → the bot's handover request, through bot-responder's outbox, to handover's recategorization.
    const toRecategorization = pathTo(recategorization, trace).map(
      (span) => `${span.service} ${span.kind} ${span.name}`,
    );
    expect(toRecategorization.slice(0, 3)).toEqual(toReply.slice(0, 3));
    expect(toRecategorization.slice(-3)).toEqual([
      'bot-responder producer send bot.events.v1',
      'handover consumer process bot.events.v1',
      'handover client update_categories',
    ]);
    expect(recategorization.attributes['handover.effect.sequence_key']).toBe(WALKTHROUGH.threadId);
    // Spans are named and timed in causal order along both paths.
    for (const path of [pathTo(reply, trace), pathTo(recategorization, trace)]) {
      path.slice(1).forEach((span, index) => expect(span.startNs >= path[index].startNs).toBe(true));
    }
    // Ids, never content or secrets.
    const attributes = JSON.stringify(trace.map((span) => span.attributes));
    for (const secret of [HUMAN_PLEASE, 'Je vous mets en relation', TEST_WEBHOOK_SECRET, BOT_TOKEN]) {
      expect(attributes).not.toContain(secret);
    }
    // The exports went as OTLP/HTTP JSON, with the configured header.
    expect(collector.requests[0]).toMatchObject({
      path: '/v1/traces',
      headers: expect.objectContaining({
        'content-type': 'application/json',
        'x-collector-token': COLLECTOR_TOKEN,
      }) as unknown,
    });
  });
});
