import { TOPICS } from '@handover/contracts';
import { type KafkaHandle, pollUntil, startKafka } from '../infra';
import { contentImportedEnvelope, eventIdsOf } from '../support/engage-webhooks';
import { type RunningGateway, startGateway } from '../support/gateway-harness';
import { readTopicUntil, withEventIds } from '../support/topic-reader';

const ACK_BOUND_MS = 1_500;

/** Runs on a broker of its own: stopping the shared one would disturb every other spec. */
describe('Gateway when Kafka goes away (real broker stopped and restarted)', () => {
  let kafka: KafkaHandle;
  let gateway: RunningGateway;
  const acknowledged: string[] = [];

  beforeAll(async () => {
    kafka = await startKafka({ dedicated: true });
    gateway = await startGateway(kafka.brokers, { KAFKA_ACK_TIMEOUT_MS: String(ACK_BOUND_MS) });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await kafka?.stop();
  });

  async function deliver(): Promise<{ status: number; elapsedMs: number }> {
    const envelope = contentImportedEnvelope({ events: 2 });
    const started = Date.now();
    const response = await gateway.postWebhook(envelope);
    if (response.status === 200) {
      acknowledged.push(...eventIdsOf(envelope));
    }
    return { status: response.status, elapsedMs: Date.now() - started };
  }

  it('should answer 200 while the broker is up', async () => {
    expect((await deliver()).status).toBe(200);
  });

  it('should answer 503 within the bound while the broker is stopped', async () => {
    await kafka.pause();

    const answers = await Promise.all([deliver(), deliver(), deliver()]);

    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.elapsedMs).toBeLessThan(ACK_BOUND_MS + 1_000);
    }
  }, 60_000);

  it('should answer 200 again once the broker is back', async () => {
    await kafka.resume();

    await pollUntil(async () => (await deliver()).status === 200, {
      timeoutMs: 60_000,
      intervalMs: 250,
      description: 'a 200 after the broker restarted',
    });
  }, 90_000);

  it('should have every event it answered 200 for on the topic', async () => {
    expect(acknowledged.length).toBeGreaterThanOrEqual(4);

    const records = await readTopicUntil(
      kafka.brokers,
      TOPICS.engageEvents.name,
      (read) => withEventIds(read, acknowledged).length >= acknowledged.length,
    );

    expect(new Set(withEventIds(records, acknowledged).map((r) => r.headers['event-id']))).toEqual(
      new Set(acknowledged),
    );
  });
});
