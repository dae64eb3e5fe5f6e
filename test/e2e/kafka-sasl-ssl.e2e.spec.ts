import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { startConsuming } from '@handover/event-runtime';
import { Kafka, logLevel } from 'kafkajs';
import { WALKTHROUGH as W } from '../../apps/engage-simulator/src/platform/platform-seed';
import { loadGatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { loadInterventionStatsConfig } from '../../apps/intervention-stats/src/config/intervention-stats.config';
import { createInterventionStatsApp } from '../../apps/intervention-stats/src/intervention-stats.app';
import { versionedGroupId } from '../../apps/intervention-stats/src/projection/projection-version';
import { pollUntil, type SecureKafkaHandle, startKafka } from '../infra';
import { TEST_DASHBOARD_ENV } from '../support/dashboard-supervisor';
import { TEST_VERIFY_TOKEN, TEST_WEBHOOK_SECRET } from '../support/gateway-harness';
import { type HandoverStack, startHandoverStack } from '../support/handover-stack';

const GROUPS = ['bot-responder', 'handover', versionedGroupId('intervention-stats')];

/**
 * Every app through the SASL_SSL listener of a local broker, as with a managed Kafka: TLS to a CA
 * that is not the system's, SCRAM-SHA-512 credentials, the password read from a file.
 */
describe('every app on a Kafka that wants TLS and SASL', () => {
  let kafka: SecureKafkaHandle;
  let stack: HandoverStack;
  let stats: NestFastifyApplication;
  let secureEnv: Record<string, string>;

  beforeAll(async () => {
    kafka = await startKafka({ dedicated: true, secure: true });
    const { username, password } = kafka.secure.users.scramSha512;
    const passwordFile = join(mkdtempSync(join(tmpdir(), 'kafka-secret-')), 'password');
    writeFileSync(passwordFile, `${password}\n`);
    secureEnv = {
      KAFKA_BROKERS: kafka.secure.brokers.join(','),
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_FILE: kafka.secure.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: username,
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
    };
    stack = await startHandoverStack({}, { kafka, kafkaEnv: secureEnv });
    await stack.startBot();
    await stack.startHandover();
    await stack.startPoller();
    stats = await createInterventionStatsApp(
      loadInterventionStatsConfig({ ...stack.botEnv, ...TEST_DASHBOARD_ENV, BOT_USER_ID: W.botUserId }),
    );
    await stats.init();
    await startConsuming(stats);
    stack.onClose(() => stats.close());
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('should answer a customer and hand a thread over, every app reading and writing through SASL_SSL', async () => {
    await stack.agentOnline(W.agentUserId);
    const hello = await stack.customerSays('Bonjour');
    await pollUntil(async () => (await stack.repliesByContent()).has(String(hello.id)), {
      timeoutMs: 30_000,
      description: 'the bot reply (gateway → Kafka → bot-responder)',
    });
    await pollUntil(
      async () =>
        (await stack.query('SELECT 1 FROM handover.source_availability WHERE available_agents > 0')).length >
        0,
      { timeoutMs: 30_000, description: 'the agent seen available (availability-poller → Kafka → handover)' },
    );
    const asked = await stack.customerSays('Je voudrais parler à un conseiller', String(hello.thread_id));

    const [recategorized] = await pollUntil(
      async () => {
        const calls = await stack.recategorizations(String(asked.thread_id));
        return calls.length > 0 && calls;
      },
      { timeoutMs: 30_000, description: 'the handover (bot-responder → Kafka → handover)' },
    );
    expect(recategorized.status).toBe(200);
    await pollUntil(
      async () =>
        (
          await stack.query('SELECT 1 FROM intervention_stats.stats_thread_handover WHERE thread_id = $1', [
            String(hello.thread_id),
          ])
        ).length > 0,
      { timeoutMs: 30_000, description: 'the thread in the statistics (Kafka → intervention-stats)' },
    );
    // Through the PLAINTEXT listener, the test's own: each consumer app is a member of its group.
    const admin = new Kafka({
      clientId: 'sasl-test',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups(GROUPS);
      expect(groups.map((group) => [group.groupId, group.members.length > 0])).toEqual(
        GROUPS.map((group) => [group, true]),
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('should refuse to start with a wrong password, and never show it', async () => {
    const wrong = 'not-the-password-4711';
    const config = loadGatewayConfig({
      ...secureEnv,
      KAFKA_SASL_PASSWORD_FILE: '',
      KAFKA_SASL_PASSWORD: wrong,
      ENGAGE_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
      ENGAGE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
      LOG_LEVEL: 'silent',
    });
    const failure = await createGatewayApp(config)
      .then((app) => app.init().then(() => app.close()))
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).toMatch(/SASL|authentication/i);
    expect(`${(failure as Error).message} ${(failure as Error).stack}`).not.toContain(wrong);
  });
});
