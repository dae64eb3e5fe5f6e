import { RECORD_HEADERS, TOPICS } from '@handover/contracts';
import { SEED_CONTENT_IMPORTED, copyOf } from '../fixtures';
import { testKafkaBrokers } from '../infra';
import { contentImportedEnvelope, eventIdsOf } from '../support/engage-webhooks';
import { type RunningGateway, TEST_VERIFY_TOKEN, startGateway } from '../support/gateway-harness';
import { readTopicUntil, withEventIds } from '../support/topic-reader';

const TOPIC = TOPICS.engageEvents.name;

describe('Gateway webhooks (real Kafka)', () => {
  let gateway: RunningGateway;
  const brokers = testKafkaBrokers();

  beforeAll(async () => {
    gateway = await startGateway(brokers);
  });

  afterAll(async () => {
    await gateway?.close();
  });

  describe('POST /webhooks/engage', () => {
    it('should publish the seed content.imported as exactly one record keyed by its thread, with headers', async () => {
      const seed = copyOf(SEED_CONTENT_IMPORTED);
      const eventId = `seed-${Date.now()}`;
      seed.events[0].id = eventId;

      const response = await gateway.postWebhook(seed);

      expect(response.status).toBe(200);
      const mine = withEventIds(
        await readTopicUntil(brokers, TOPIC, (r) => withEventIds(r, [eventId]).length > 0),
        [eventId],
      );
      expect(mine).toHaveLength(1);
      expect(mine[0].key).toBe('5be5ae57d6cb009bde8e5674');
      expect(mine[0].value).toEqual({ ...seed.events[0], envelope_id: seed.id, domain_id: seed.domain_id });
      expect(mine[0].headers).toMatchObject({
        [RECORD_HEADERS.eventType]: 'content.imported',
        [RECORD_HEADERS.eventId]: eventId,
        [RECORD_HEADERS.schemaVersion]: '1',
      });
      expect(Date.parse(mine[0].headers[RECORD_HEADERS.receivedAt])).not.toBeNaN();
    });

    it('should have every record of a 3-event envelope in Kafka, in order, when it answers 200', async () => {
      const envelope = contentImportedEnvelope({ events: 3 });
      const ids = eventIdsOf(envelope);

      const response = await gateway.postWebhook(envelope);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ accepted: 3, refused: 0 });
      // Acknowledged before the 200: the very first read finds all three.
      const mine = withEventIds(
        await readTopicUntil(brokers, TOPIC, (r) => withEventIds(r, ids).length === 3),
        ids,
      );
      expect(mine.map((record) => record.headers[RECORD_HEADERS.eventId])).toEqual(ids);
      expect(new Set(mine.map((record) => record.partition)).size).toBe(1);
      expect(mine.map((record) => record.offset)).toEqual(
        [...mine.map((record) => record.offset)].sort((a, b) => a - b),
      );
    });

    it('should publish an unknown event type as it came', async () => {
      const envelope = contentImportedEnvelope();
      const event = {
        type: 'push_agent.busyness_change',
        id: `agent-event-${Date.now()}`,
        issued_at: '2026-11-23T10:00:00Z',
        resource: { type: 'agent', id: 'agent-1', metadata: { channels: [] } },
        custom: { kept: true },
      };
      envelope.events = [event as never];

      expect((await gateway.postWebhook(envelope)).status).toBe(200);

      const [record] = withEventIds(
        await readTopicUntil(brokers, TOPIC, (r) => withEventIds(r, [event.id]).length > 0),
        [event.id],
      );
      expect(record.key).toBe('agent-1');
      expect(record.value).toMatchObject({ custom: { kept: true }, type: 'push_agent.busyness_change' });
    });

    describe('refusals publish nothing', () => {
      const refused: string[] = [];
      const refuse = async (
        status: number,
        body: unknown,
        headers: Record<string, string> = {},
      ): Promise<string> => {
        const response = await gateway.postWebhook(body, headers);
        expect(response.status).toBe(status);
        return response.text();
      };
      const tracked = (envelope: ReturnType<typeof contentImportedEnvelope>): typeof envelope => {
        refused.push(...eventIdsOf(envelope));
        return envelope;
      };

      it('should answer 401 to a wrong or missing secret', async () => {
        await refuse(401, tracked(contentImportedEnvelope()), { 'x-dimelo-secret': 'wrong' });
        const response = await fetch(`${gateway.url}/webhooks/engage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(tracked(contentImportedEnvelope())),
        });
        expect(response.status).toBe(401);
      });

      it('should answer 400 to malformed JSON', async () => {
        const envelope = tracked(contentImportedEnvelope());
        expect(await refuse(400, JSON.stringify(envelope).slice(0, -2))).toContain('JSON');
      });

      it('should answer 415 to a body that is not JSON', async () => {
        await refuse(415, JSON.stringify(tracked(contentImportedEnvelope())), {
          'content-type': 'text/plain',
        });
        await refuse(415, 'id=1', { 'content-type': 'application/x-www-form-urlencoded' });
      });

      it('should answer 413 to a body over the limit', async () => {
        await refuse(413, tracked(contentImportedEnvelope({ body: 'x'.repeat(1_100_000) })));
      });

      it('should answer 400 naming the invalid fields when no event of the delivery is valid', async () => {
        const envelope = tracked(contentImportedEnvelope({ events: 2 }));
        (envelope.events[0] as { issued_at: unknown }).issued_at = '2024-W01-1';
        (envelope.events[1] as { issued_at: unknown }).issued_at = 'not a date';

        expect(JSON.parse(await refuse(400, envelope))).toMatchObject({
          statusCode: 400,
          message: expect.stringMatching(/events\[0\]\.issued_at.*events\[1\]\.issued_at/) as unknown,
        });
      });

      it('should answer 413, not 503, to a delivery whose records can never fit in a Kafka batch', async () => {
        // Under the body limit, over a batch once each record carries its envelope's ids and headers.
        const envelope = tracked(contentImportedEnvelope({ events: 1_000 }));

        expect(await refuse(413, envelope)).toContain('cannot be stored');
      });

      it('should publish the valid events of a delivery and leave out, and report, an invalid sibling', async () => {
        const envelope = contentImportedEnvelope({ events: 2 });
        const [valid, invalid] = envelope.events;
        invalid.resource.id = '..';
        refused.push(invalid.id);

        const response = await gateway.postWebhook(envelope);

        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          accepted: 1,
          refused: 1,
          problems: expect.stringContaining('events[1].resource.id must be an RCED id') as unknown,
        });
        const published = await readTopicUntil(brokers, TOPIC, (r) => withEventIds(r, [valid.id]).length > 0);
        expect(withEventIds(published, [valid.id])).toHaveLength(1);
      });

      it('should not have published any refused event (checked behind a sentinel)', async () => {
        const sentinel = contentImportedEnvelope();
        expect((await gateway.postWebhook(sentinel)).status).toBe(200);

        const records = await readTopicUntil(
          brokers,
          TOPIC,
          (r) => withEventIds(r, eventIdsOf(sentinel)).length > 0,
        );

        expect(refused.length).toBeGreaterThanOrEqual(7);
        expect(withEventIds(records, refused)).toEqual([]);
      });
    });
  });

  describe('GET /webhooks/engage (verification handshake)', () => {
    const handshake = (params: Record<string, string>): Promise<Response> =>
      fetch(`${gateway.url}/webhooks/engage?${new URLSearchParams(params).toString()}`);

    it('should echo the challenge byte for byte when the token is right', async () => {
      const challenge = 'a1b2 c3+d4/é=?&"\'<>';

      const response = await handshake({
        'hub.mode': 'subscribe',
        'hub.challenge': challenge,
        'hub.verify_token': TEST_VERIFY_TOKEN,
      });

      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from(challenge, 'utf8'));
    });

    it('should answer 403 to a wrong token and 400 to missing parameters', async () => {
      expect(
        (await handshake({ 'hub.mode': 'subscribe', 'hub.challenge': 'c', 'hub.verify_token': 'wrong' }))
          .status,
      ).toBe(403);
      expect((await handshake({ 'hub.mode': 'subscribe', 'hub.challenge': 'c' })).status).toBe(400);
    });
  });

  describe('operations', () => {
    it('should report Kafka as up on GET /health', async () => {
      const response = await fetch(`${gateway.url}/health`);

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ok',
        details: { kafka: { status: 'up', brokers: 1 } },
      });
    });

    it('should count webhooks by outcome and time publishes on GET /metrics', async () => {
      await gateway.postWebhook(contentImportedEnvelope(), { 'x-dimelo-secret': 'wrong' });

      const metrics = await (await fetch(`${gateway.internalUrl}/metrics`)).text();

      expect(metrics).toMatch(/gateway_webhook_requests_total\{outcome="accepted",service="gateway"\} [1-9]/);
      expect(metrics).toMatch(
        /gateway_webhook_requests_total\{outcome="unauthorized",service="gateway"\} [1-9]/,
      );
      expect(metrics).toMatch(/gateway_kafka_publish_seconds_count\{service="gateway"\} [1-9]/);
    });
  });
});
