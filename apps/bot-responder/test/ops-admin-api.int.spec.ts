import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { RECORD_HEADERS } from '@handover/contracts';
import { EventRuntime, recordEffects } from '@handover/event-runtime';
import { listenHttp } from '@handover/observability';
import {
  createTestDatabase,
  pollUntil,
  type TestDatabase,
  testKafkaBrokers,
  uniqueName,
} from '@handover/test-infra';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kafka, logLevel } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { createBotResponderApp } from '../src/bot-responder.app';
import { loadBotResponderConfig } from '../src/config/bot-responder.config';
import { REQUIRED_BOT_RESPONDER_ENV } from '../src/config/testing/bot-responder-env.fixture';

const OPS_TOKEN = 'ops-t0ken-0123456789abcdef-secret';
const DASHBOARD_TOKEN = 'dash-t0ken-0123456789abcdef-secret';
const REASON = { reason: 'RCED outage 16:20-16:45, INC-2291' };

interface Answer {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
}

/** RCED as PostReplyExecutor calls it: every POST /1.0/contents recorded and answered. */
class RecordingPlatform {
  readonly replies: string[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        this.replies.push(new URLSearchParams(text).get('body') ?? '');
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ id: `5be1c0b4e2031125037${String(this.replies.length).padStart(5, '0')}` }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/1.0`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * bot-responder as production builds it, with ADMIN_TOKENS, on a test database and the run's
 * Kafka broker, reached over HTTP as an operator's curl or the dashboard would. The consumer is not
 * started: the effects and parked records are written here, the effect worker runs.
 */
describe('ops admin API (bot-responder over HTTP)', () => {
  const platform = new RecordingPlatform();
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let kafka: Kafka;
  let publicUrl: string;
  let internalUrl: string;

  beforeAll(async () => {
    const engageUrl = await platform.start();
    database = await createTestDatabase();
    const config = loadBotResponderConfig({
      ...REQUIRED_BOT_RESPONDER_ENV,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_GROUP_ID: uniqueName('ops-api'),
      DATABASE_URL: database.url,
      ENGAGE_BASE_URL: engageUrl,
      ENGAGE_QUOTA_CALLS: '1000000',
      ADMIN_TOKENS: `ops=${OPS_TOKEN},dashboard=${DASHBOARD_TOKEN}`,
      LOG_LEVEL: 'silent',
    });
    app = await createBotResponderApp(config);
    await app.init();
    ({ url: publicUrl, internalUrl } = await listenHttp(
      app,
      { port: 0, host: '127.0.0.1' },
      { internalPort: 0 },
    ));
    dataSource = app.get(EventRuntime).dataSource;
    kafka = new Kafka({
      clientId: uniqueName('ops-api'),
      brokers: testKafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await platform.stop();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE effect, parked_record, processed_event, ops_audit');
    platform.replies.length = 0;
  });

  async function call(
    method: 'GET' | 'POST',
    path: string,
    options: { token?: string | null; body?: unknown; headers?: Record<string, string>; url?: string } = {},
  ): Promise<Answer> {
    const token = options.token === undefined ? OPS_TOKEN : options.token;
    const response = await fetch(`${options.url ?? internalUrl}${path}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  /** A reply the worker gave up on, failed at `failedAt`. */
  const failedEffect = (
    id: string,
    options: { thread?: string; kind?: string; failedAt?: string } = {},
  ): Promise<void> =>
    dataSource.transaction(async (manager) => {
      const thread = options.thread ?? 'thread-1';
      await recordEffects(manager, [
        {
          id,
          kind: options.kind ?? 'post_reply',
          sequenceKey: thread,
          payload: { threadId: thread, inReplyToId: '5be1c0b4e20311250379c101', body: `answer ${id}` },
        },
      ]);
      await manager.query(
        `UPDATE effect SET status = 'failed', attempts = 12, last_error = 'timeout', updated_at = $2 WHERE id = $1`,
        [id, options.failedAt ?? new Date().toISOString()],
      );
    });

  const statusOf = async (id: string): Promise<string> => {
    const [effect] = await dataSource.query<Array<{ status: string }>>(
      'SELECT status FROM effect WHERE id = $1',
      [id],
    );
    return effect.status;
  };

  const auditRows = (): Promise<Array<Record<string, unknown>>> =>
    dataSource.query('SELECT actor, action, target_kind, target_id, reason FROM ops_audit ORDER BY id');

  const ids = (answer: Answer, list: 'effects' | 'parked'): string[] =>
    (answer.body[list] as Array<{ id?: string; key?: string }>).map((row) => row.id ?? row.key ?? '');

  describe('access', () => {
    it('should answer only on the internal port, and only to a valid bearer token', async () => {
      expect((await call('GET', '/admin/ops/effects', { url: publicUrl })).status).toBe(404);

      for (const token of [null, `${OPS_TOKEN}x`, 'ops']) {
        const refused = await call('POST', '/admin/ops/effects/reply:1/retry', { token, body: REASON });

        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toBe('Bearer');
        expect(refused.text).not.toContain(OPS_TOKEN.slice(0, 12));
      }
      expect((await call('GET', '/admin/ops/effects', { token: DASHBOARD_TOKEN })).status).toBe(200);
    });
  });

  describe('effects', () => {
    it('should list failed effects newest first, by thread, kind, time and status', async () => {
      await failedEffect('reply:a', { thread: 'thread-1', failedAt: '2030-01-01T10:00:00Z' });
      await failedEffect('reply:b', { thread: 'thread-2', failedAt: '2030-01-01T11:00:00Z' });
      await failedEffect('close:c', {
        thread: 'thread-1',
        kind: 'close_intervention',
        failedAt: '2030-01-01T12:00:00Z',
      });
      const list = async (query: string): Promise<string[]> =>
        ids(await call('GET', `/admin/ops/effects${query}`), 'effects');

      expect(await list('')).toEqual(['close:c', 'reply:b', 'reply:a']);
      expect(await list('?thread=thread-1')).toEqual(['close:c', 'reply:a']);
      expect(await list('?kind=post_reply&limit=1')).toEqual(['reply:b']);
      expect(await list('?since=2030-01-01T10:30:00Z&until=2030-01-01T11:00:00Z')).toEqual(['reply:b']);
      expect(await list('?status=discarded')).toEqual([]);
    });

    it('should refuse bad parameters with 400 naming each of them', async () => {
      const refused = await call('GET', '/admin/ops/effects?limit=0&since=yesterday&status=done&colour=red');

      expect(refused.status).toBe(400);
      expect(refused.body.message).toEqual(
        expect.stringContaining(
          'colour is not a parameter (expected thread, since, until, limit, kind, status)',
        ),
      );
      for (const problem of [
        'limit must be a whole number from 1 to 1000',
        'since must be an ISO 8601 time',
        'status must be failed or discarded',
      ]) {
        expect(refused.body.message).toEqual(expect.stringContaining(problem));
      }
      expect((await call('GET', '/admin/ops/effects?thread=a&thread=b')).body.message).toBe(
        'thread must be given once',
      );
      expect((await call('GET', '/admin/ops/effects?kind=a%00b')).body.message).toBe(
        'kind must not hold U+0000',
      );
      expect((await call('GET', '/admin/ops/summary?latest=many')).status).toBe(400);
    });

    it('should show an effect with its audit, and answer 404 for an unknown one', async () => {
      await failedEffect('reply:a');

      const shown = await call('GET', `/admin/ops/effects/${encodeURIComponent('reply:a')}`);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({
        effect: { id: 'reply:a', status: 'failed', payload: { body: 'answer reply:a' } },
        audit: [],
      });

      const unknown = await call('GET', '/admin/ops/effects/reply:nope');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: 'not_found', message: 'No effect with id reply:nope' });
      for (const id of [`reply:${'7'.repeat(300)}`, 'reply%00nope']) {
        expect((await call('GET', `/admin/ops/effects/${id}`)).body).toMatchObject({ code: 'not_found' });
      }
    });

    it("should retry a failed effect under its id, audited as the token's actor, and the worker posts it once", async () => {
      await failedEffect('reply:a');

      const retried = await call('POST', '/admin/ops/effects/reply:a/retry', {
        body: REASON,
        headers: { 'x-acting-for': 'jane.doe@example.com' },
      });

      expect(retried.status).toBe(200);
      expect(retried.body).toMatchObject({ effect: { id: 'reply:a', status: 'pending', attempts: 0 } });
      await pollUntil(async () => (await statusOf('reply:a')) === 'done', { timeoutMs: 10_000 });
      expect(platform.replies).toEqual(['answer reply:a']);
      expect(await auditRows()).toEqual([
        {
          actor: 'ops:jane.doe@example.com',
          action: 'retry',
          target_kind: 'effect',
          target_id: 'reply:a',
          reason: REASON.reason,
        },
      ]);

      const again = await call('POST', '/admin/ops/effects/reply:a/retry', { body: REASON });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'wrong_state' });
      expect(platform.replies).toHaveLength(1);
    });

    it('should discard a failed effect so that no worker runs it, and refuse to retry it then', async () => {
      await failedEffect('reply:a');

      const discarded = await call('POST', '/admin/ops/effects/reply:a/discard', {
        token: DASHBOARD_TOKEN,
        body: REASON,
      });

      expect(discarded.status).toBe(200);
      expect(discarded.body).toMatchObject({ effect: { id: 'reply:a', status: 'discarded' } });
      expect(ids(await call('GET', '/admin/ops/effects?status=discarded'), 'effects')).toEqual(['reply:a']);
      expect((await call('POST', '/admin/ops/effects/reply:a/retry', { body: REASON })).status).toBe(409);
      expect(await auditRows()).toEqual([expect.objectContaining({ actor: 'dashboard', action: 'discard' })]);
    });

    it('should refuse an action without a reason with 400, and an unknown effect with 404, changing nothing', async () => {
      await failedEffect('reply:a');

      for (const body of [
        undefined,
        {},
        { reason: '  ' },
        { reason: 'x\u0000' },
        { reason: 'x', actor: 'mallory' },
      ]) {
        const refused = await call('POST', '/admin/ops/effects/reply:a/retry', { body });

        expect(refused.status).toBe(400);
        expect(refused.body.message).toMatch(/^(The body must be a JSON object|reason|actor is not a field)/);
      }
      expect((await call('POST', '/admin/ops/effects/reply:nope/discard', { body: REASON })).status).toBe(
        404,
      );
      expect(await statusOf('reply:a')).toBe('failed');
      expect(await auditRows()).toEqual([]);
    });
  });

  describe('parked records', () => {
    let topic: string;

    /** A record on its topic that `consumer` parked, and the consumer's claim on its event id. */
    async function parked(consumer: string, eventId: string): Promise<string> {
      const producer = kafka.producer();
      await producer.connect();
      const [sent] = await producer.send({
        topic,
        messages: [
          {
            key: 'thread-9',
            value: JSON.stringify({ id: eventId, type: 'content.imported' }),
            headers: { [RECORD_HEADERS.eventType]: 'content.imported', [RECORD_HEADERS.eventId]: eventId },
          },
        ],
      });
      await producer.disconnect();
      const offset = sent.baseOffset ?? '0';
      await dataSource.query(
        `INSERT INTO parked_record (consumer, topic, partition, "offset", event_id, event_type, record_key, cause,
           reason, attempts, value_kept)
         VALUES ($1, $2, 0, $3, $4, 'content.imported', 'thread-9', 'failed', 'deadlock detected', 5, true)`,
        [consumer, topic, offset, eventId],
      );
      await dataSource.query(
        `INSERT INTO processed_event (consumer, event_id, topic, partition, "offset") VALUES ($1, $2, $3, 0, $4)`,
        [consumer, eventId, topic, offset],
      );
      return `${consumer}/${topic}/0/${offset}`;
    }

    const path = (key: string, action = ''): string =>
      `/admin/ops/parked/${encodeURIComponent(key)}${action ? `/${action}` : ''}`;

    beforeEach(async () => {
      topic = uniqueName('engage.events.v1');
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();
    });

    it('should list, show, retry (published again) and discard parked records, audited', async () => {
      const retried = await parked('bot-responder', 'ev-1');
      const discarded = await parked('handover', 'ev-2');

      expect(ids(await call('GET', '/admin/ops/parked'), 'parked')).toEqual([discarded, retried]);
      expect(ids(await call('GET', `/admin/ops/parked?consumer=handover&topic=${topic}`), 'parked')).toEqual([
        discarded,
      ]);
      expect((await call('GET', path(retried))).body).toMatchObject({
        record: { key: retried, eventId: 'ev-1', threadId: 'thread-9', state: 'open' },
        audit: [],
      });

      expect((await call('GET', `${path(retried)}?value=true`)).body).toMatchObject({
        source: { key: 'thread-9', value: { id: 'ev-1', type: 'content.imported' } },
      });

      const retry = await call('POST', path(retried, 'retry'), { body: REASON });
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({
        record: { key: retried, state: 'retried' },
        copy: { topic, partition: 0, offset: '2' },
      });
      expect((await call('POST', path(discarded, 'discard'), { body: REASON })).status).toBe(200);

      expect((await call('POST', path(retried, 'discard'), { body: REASON })).status).toBe(409);
      expect(ids(await call('GET', '/admin/ops/parked'), 'parked')).toEqual([]);
      expect(ids(await call('GET', '/admin/ops/parked?all=true'), 'parked')).toHaveLength(2);
      expect(await auditRows()).toEqual([
        expect.objectContaining({ actor: 'ops', action: 'retry', target_id: retried }),
        expect.objectContaining({ actor: 'ops', action: 'discard', target_id: discarded }),
      ]);
      expect(await dataSource.query('SELECT consumer FROM processed_event ORDER BY consumer')).toEqual([
        { consumer: 'handover' },
      ]);
    });

    it('should answer 400 for a malformed key and 404 for an unknown one', async () => {
      for (const key of ['not-a-key', `bot-responder/${topic}/99999999999/0`, `bot\u0000/${topic}/0/0`]) {
        expect((await call('GET', path(key))).body).toMatchObject({ code: 'invalid_request' });
      }
      expect((await call('GET', path(`bot-responder/${topic}/0/99`))).status).toBe(404);
      expect((await call('GET', `${path(`bot-responder/${topic}/0/99`)}?value=maybe`)).status).toBe(400);
    });
  });

  describe('summary', () => {
    it('should count failed effects by kind and open parked records, with the latest of each', async () => {
      await failedEffect('reply:a', { failedAt: '2030-01-01T10:00:00Z' });
      await failedEffect('reply:b', { failedAt: '2030-01-01T11:00:00Z' });
      await failedEffect('close:c', { kind: 'close_intervention', failedAt: '2030-01-01T09:00:00Z' });
      await dataSource.query(
        `INSERT INTO parked_record (consumer, topic, partition, "offset", event_id, event_type, record_key, cause,
           reason, attempts, value_kept)
         VALUES ('bot-responder', 'engage.events.v1', 3, 7, 'ev-7', 'content.imported', 'thread-7', 'invalid', 'bad', 1, true)`,
      );

      const summary = await call('GET', '/admin/ops/summary?latest=2');

      expect(summary.status).toBe(200);
      expect(summary.body).toMatchObject({
        effects: { failed: 3, failedByKind: { close_intervention: 1, post_reply: 2 } },
        parked: { open: 1, openByConsumer: { 'bot-responder': 1 } },
      });
      const { effects, parked } = summary.body as {
        effects: { latestFailed: Array<{ id: string }> };
        parked: { latestOpen: Array<{ key: string }> };
      };
      expect(effects.latestFailed.map((effect) => effect.id)).toEqual(['reply:b', 'reply:a']);
      expect(parked.latestOpen.map((record) => record.key)).toEqual(['bot-responder/engage.events.v1/3/7']);
    });
  });
});
