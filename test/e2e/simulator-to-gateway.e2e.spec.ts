import { RECORD_HEADERS, TOPICS } from '@handover/contracts';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { type RunningSimulator, startSimulator } from '../../apps/engage-simulator/test/simulator.harness';
import { testKafkaBrokers } from '../infra';
import {
  type RunningGateway,
  TEST_VERIFY_TOKEN,
  TEST_WEBHOOK_SECRET,
  startGateway,
} from '../support/gateway-harness';
import { readTopicUntil } from '../support/topic-reader';

/** The platform's side and ours together: RCED simulator → webhook → gateway → engage.events.v1. */
describe('A customer message in the simulated RCED platform', () => {
  const brokers = testKafkaBrokers();
  let gateway: RunningGateway;
  let simulator: RunningSimulator;

  beforeAll(async () => {
    gateway = await startGateway(brokers);
    simulator = await startSimulator({
      SIMULATOR_WEBHOOK_URL: `${gateway.url}/webhooks/engage`,
      SIMULATOR_WEBHOOK_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
      SIMULATOR_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    });
  });

  afterAll(async () => {
    await simulator?.app.close();
    await gateway?.close();
  });

  it('should arrive through the gateway on engage.events.v1, keyed by its thread, with the BOT category', async () => {
    const message = await simulator.request('POST', '/_control/customer-messages', {
      json: { source_id: WALKTHROUGH.sourceId, body: 'Bonjour, je voudrais suivre ma commande' },
    });
    expect(message.status).toBe(200);

    const records = await readTopicUntil(brokers, TOPICS.engageEvents.name, (read) =>
      read.some((record) => record.key === message.body.thread_id),
    );

    const mine = records.filter((record) => record.key === message.body.thread_id);
    expect(mine).toHaveLength(1);
    expect(mine[0].headers[RECORD_HEADERS.eventType]).toBe('content.imported');
    expect(mine[0].value).toMatchObject({
      domain_id: '582af25a799fc247acfcde38',
      resource: {
        id: message.body.id,
        metadata: {
          thread_id: message.body.thread_id,
          body: 'Bonjour, je voudrais suivre ma commande',
          creator_id: null,
          category_ids: expect.arrayContaining([WALKTHROUGH.botCategoryId]) as unknown,
        },
      },
    });
  });
});
