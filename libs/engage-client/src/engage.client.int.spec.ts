import { type Counter, Registry } from 'prom-client';
import { inspect } from 'node:util';
import { EngageApiError, EngageApiErrorCode } from './engage-api.exception';
import { type EngageClient } from './engage.client';
import { TEST_TOKEN, buildClient, type ClientFixture } from './testing/engage-client.fixture';
import { EngageStub } from './testing/engage-stub.server';

const page = (records: unknown[], count = records.length) => ({ count, offset: 0, limit: 150, records });

async function failure(call: Promise<unknown>): Promise<EngageApiError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(EngageApiError);
  return error as EngageApiError;
}

function expectNoToken(error: EngageApiError): void {
  for (const text of [
    String(error),
    JSON.stringify(error),
    error.stack ?? '',
    inspect(error, { depth: 5 }),
  ]) {
    expect(text).not.toContain(TEST_TOKEN);
  }
}

describe('EngageClient against a local HTTP server', () => {
  let stub: EngageStub;
  let fixture: ClientFixture;
  let client: EngageClient;

  beforeAll(async () => {
    stub = await EngageStub.start();
  });
  afterAll(() => stub.close());
  beforeEach(async () => {
    stub.reset();
    fixture = await buildClient({ baseUrl: stub.baseUrl });
    client = fixture.client;
  });
  afterEach(() => fixture.close());

  describe('sends each call as documented', () => {
    const cases: Array<{
      name: string;
      call: (c: EngageClient) => Promise<unknown>;
      reply: unknown;
      /** What the method resolves to, when not the reply itself. */
      result?: unknown;
      method: string;
      path: string;
      query?: Record<string, string>;
      form?: string;
    }> = [
      {
        name: 'createIntervention',
        call: (c) => c.createIntervention('c1'),
        reply: { id: 'i1' },
        method: 'POST',
        path: '/1.0/interventions',
        form: 'content_id=c1',
      },
      {
        name: 'closeIntervention',
        call: (c) => c.closeIntervention('i1'),
        reply: { id: 'i1' },
        method: 'PUT',
        path: '/1.0/interventions/i1/close',
        form: '',
      },
      {
        name: 'createContent',
        call: (c) => c.createContent({ body: 'Hi & bye', inReplyToId: 'c1', authorId: 'a1', private: true }),
        reply: { id: 'c2' },
        method: 'POST',
        path: '/1.0/contents',
        form: 'body=Hi+%26+bye&in_reply_to_id=c1&author_id=a1&private=true',
      },
      {
        name: 'createContent on a source',
        call: (c) => c.createContent({ body: 'new', sourceId: 's1' }),
        reply: { id: 'c3' },
        method: 'POST',
        path: '/1.0/contents',
        form: 'body=new&source_id=s1',
      },
      {
        name: 'updateThreadCategories',
        call: (c) => c.updateThreadCategories('t1', ['a', 'b']),
        reply: { id: 't1' },
        method: 'PUT',
        path: '/1.0/content_threads/t1/update_categories',
        form: 'thread_category_ids%5B%5D=a&thread_category_ids%5B%5D=b',
      },
      {
        name: 'closeThread',
        call: (c) => c.closeThread('t1'),
        reply: { id: 't1' },
        method: 'PUT',
        path: '/1.0/content_threads/t1/close',
        form: '',
      },
      {
        name: 'getThread',
        call: (c) => c.getThread('t1'),
        reply: { id: 't1' },
        method: 'GET',
        path: '/1.0/content_threads/t1',
        query: {},
      },
      {
        name: 'getContent',
        call: (c) => c.getContent('c1'),
        reply: { id: 'c1' },
        method: 'GET',
        path: '/1.0/contents/c1',
        query: {},
      },
      {
        name: 'listThreadContents',
        call: (c) => c.listThreadContents('t1', { offset: 30, limit: 20 }),
        reply: page([{ id: 'c1' }], 31),
        method: 'GET',
        path: '/1.0/contents',
        query: { q: 'thread:t1', offset: '30', limit: '20' },
      },
      {
        name: 'getAgentStatuses',
        call: (c) => c.getAgentStatuses(),
        reply: [{ agent_id: 'u1', channels: [], custom_status: null }],
        method: 'GET',
        path: '/1.0/status',
        query: {},
      },
      {
        name: 'listCategories',
        call: (c) => c.listCategories(),
        reply: page([{ id: 'cat1' }]),
        result: [{ id: 'cat1' }],
        method: 'GET',
        path: '/1.0/categories',
        query: { offset: '0', limit: '150' },
      },
      {
        name: 'getSource',
        call: (c) => c.getSource('s1'),
        reply: { id: 's1' },
        method: 'GET',
        path: '/1.0/content_sources/s1',
        query: {},
      },
      {
        name: 'listSources',
        call: (c) => c.listSources(),
        reply: page([{ id: 's1', name: 'Chat' }]),
        result: [{ id: 's1', name: 'Chat' }],
        method: 'GET',
        path: '/1.0/content_sources',
        query: { offset: '0', limit: '150' },
      },
      {
        name: 'listChannels',
        call: (c) => c.listChannels(),
        reply: page([{ id: 'ch1' }]),
        result: [{ id: 'ch1' }],
        method: 'GET',
        path: '/1.0/channels',
        query: { offset: '0', limit: '150' },
      },
    ];

    it.each(cases)('$name', async ({ call, reply, result, method, path, query, form }) => {
      stub.replyInOrder({ body: reply });

      await expect(call(client)).resolves.toEqual(result ?? reply);

      expect(stub.received).toHaveLength(1);
      const [received] = stub.received;
      expect(received.method).toBe(method);
      expect(received.path).toBe(path);
      expect(received.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
      expect(Object.fromEntries(received.query)).toEqual(query ?? {});
      expect(received.form.toString()).toBe(new URLSearchParams(form ?? '').toString());
      expect(received.headers['content-type']).toBe(
        method === 'GET' ? undefined : 'application/x-www-form-urlencoded',
      );
    });
  });

  it('sends an empty category set as one empty thread_category_ids[] rather than nothing', async () => {
    await client.updateThreadCategories('t1', []);

    expect(stub.received[0].form.getAll('thread_category_ids[]')).toEqual(['']);
  });

  it('gathers 420 users across 3 pages of 150, passing the filter on every page', async () => {
    const users = Array.from({ length: 420 }, (_, i) => ({ id: `u${i}` }));
    stub.respond((request) => {
      const offset = Number(request.query.get('offset'));
      const limit = Number(request.query.get('limit'));
      return { body: { count: 420, offset, limit, records: users.slice(offset, offset + limit) } };
    });

    const result = await client.listUsers({ categoryId: 'cat9' });

    expect(result.map((user) => user.id)).toEqual(users.map((user) => user.id));
    expect(stub.received.map((r) => Object.fromEntries(r.query))).toEqual(
      [0, 150, 300].map((offset) => ({ category_id: 'cat9', offset: String(offset), limit: '150' })),
    );
  });

  it('stops paging on an empty page even if count promised more', async () => {
    stub.replyInOrder({ body: page([{ id: 'u1' }], 500) }, { body: page([], 500) });

    await expect(client.listUsers({ teamId: 'team1' })).resolves.toEqual([{ id: 'u1' }]);
    expect(stub.received).toHaveLength(2);
    expect(stub.received[0].query.get('team_id')).toBe('team1');
  });

  it('sends a 429 once and reports its Retry-After: the effect worker pauses, the client never waits', async () => {
    const limited = { error: 'rate_limit_exceeded', message: 'Rate limit exceeded', status: 429 };
    stub.replyInOrder(
      { status: 429, body: limited, headers: { 'retry-after': '7' } },
      { body: { id: 'i1' } },
    );

    const error = await failure(client.createIntervention('c1'));

    expect(error).toMatchObject({
      code: EngageApiErrorCode.RateLimited,
      retriable: true,
      retryAfterSeconds: 7,
    });
    expect(stub.received).toHaveLength(1);
  });

  it('reports a 5xx as retriable without re-sending the request', async () => {
    stub.replyInOrder({ status: 503, body: 'upstream down' }, { body: { id: 't1' } });

    const error = await failure(client.closeThread('t1'));

    expect(error).toMatchObject({ code: EngageApiErrorCode.ServerError, status: 503, retriable: true });
    expect(stub.received).toHaveLength(1);
  });

  it.each([
    ['a 503', { status: 503 }, EngageApiErrorCode.ServerError],
    ['a timeout', { delayMs: 400 }, EngageApiErrorCode.Timeout],
  ])('does not re-send POST /contents after %s: it may have been posted', async (_case, reply, code) => {
    const impatient = await buildClient({ baseUrl: stub.baseUrl, timeoutMs: 100 });
    stub.replyInOrder(reply, { body: { id: 'duplicate' } });

    const error = await failure(impatient.client.createContent({ body: 'Bonjour', inReplyToId: 'c1' }));

    expect(error).toMatchObject({ code, retriable: true, outcomeUnknown: true });
    expect(stub.received).toHaveLength(1);
    await impatient.close();
  });

  it('does not retry a 403 on closeIntervention and keeps the Engage error body', async () => {
    const body = { error: 'forbidden', message: 'Intervention has no agent reply', status: 403 };
    stub.replyInOrder({ status: 403, body });

    const error = await failure(client.closeIntervention('i1'));

    expect(error).toMatchObject({
      code: EngageApiErrorCode.ClientError,
      status: 403,
      retriable: false,
      body,
    });
    expect(error.message).toContain('PUT /interventions/:id/close');
    expect(stub.received).toHaveLength(1);
  });

  it.each(['..', '.', 'a/b', '%2e%2e', 'x'.repeat(65)])(
    'sends nothing when an id would change the path (%p), and says so without retrying',
    async (id) => {
      const error = await failure(client.updateThreadCategories(id, ['cat-1']));

      expect(error).toMatchObject({
        code: EngageApiErrorCode.ClientError,
        retriable: false,
        body: { error: 'invalid_id' },
      });
      expect(stub.received).toEqual([]);
    },
  );

  it('turns a 2xx that is not JSON into invalid_response', async () => {
    stub.replyInOrder({ body: '<html>maintenance</html>' });

    const error = await failure(client.getThread('t1'));

    expect(error).toMatchObject({ code: EngageApiErrorCode.InvalidResponse, retriable: false });
  });

  it('turns an answer slower than timeoutMs into a retriable timeout', async () => {
    const slow = await buildClient({ baseUrl: stub.baseUrl, timeoutMs: 100 });
    stub.replyInOrder({ delayMs: 400, body: { id: 't1' } });

    const started = Date.now();
    const error = await failure(slow.client.getThread('t1'));

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ code: EngageApiErrorCode.Timeout, retriable: true });
    expect(stub.received).toHaveLength(1);
    expectNoToken(error);
    await slow.close();
  });

  it('turns a refused connection into a retriable network_error', async () => {
    const closed = await EngageStub.start();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const offline = await buildClient({ baseUrl, authMode: 'query' });

    const error = await failure(offline.client.getThread('t1'));

    expect(error).toMatchObject({ code: EngageApiErrorCode.NetworkError, retriable: true });
    expectNoToken(error);
    await offline.close();
  });

  describe('authentication', () => {
    it('bearer mode sends the header and no access_token', async () => {
      await client.createIntervention('c1');

      expect(stub.received[0].headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
      expect(stub.received[0].query.has('access_token')).toBe(false);
      expect(stub.received[0].form.has('access_token')).toBe(false);
    });

    it('query mode sends access_token in the query string and no header', async () => {
      const byQuery = await buildClient({ baseUrl: stub.baseUrl, authMode: 'query' });

      stub.replyInOrder({ body: { id: 't1' } }, { body: page([]) });
      await byQuery.client.updateThreadCategories('t1', ['a']);
      await byQuery.client.listChannels();

      for (const received of stub.received) {
        expect(received.query.get('access_token')).toBe(TEST_TOKEN);
        expect(received.headers.authorization).toBeUndefined();
      }
      expect(stub.received[1].query.get('limit')).toBe('150');
      await byQuery.close();
    });

    it.each(['bearer', 'query'] as const)('%s mode never puts the token in an error', async (authMode) => {
      const withMode = await buildClient({ baseUrl: stub.baseUrl, authMode });
      stub.replyInOrder({
        status: 401,
        body: { error: 'invalid_access_token', message: 'bad', status: 401 },
      });

      const error = await failure(withMode.client.createContent({ body: 'x', inReplyToId: 'c1' }));

      expect(error.status).toBe(401);
      expectNoToken(error);
      await withMode.close();
    });
  });

  it('counts every request in engage_api_requests_total on the injected registry', async () => {
    const registry = new Registry();
    const counted = await buildClient({ baseUrl: stub.baseUrl }, registry);
    stub.replyInOrder({ status: 429 }, { status: 503 }, { body: { id: 'i1' } }, { status: 404 });

    await failure(counted.client.closeIntervention('i1'));
    await failure(counted.client.closeIntervention('i1'));
    await counted.client.closeIntervention('i1');
    await failure(counted.client.closeIntervention('i2'));

    const metric = registry.getSingleMetric('engage_api_requests_total') as Counter;
    const { values } = await metric.get();
    const byOutcome = Object.fromEntries(
      values.map((v): [string, number] => [String(v.labels.outcome), v.value]),
    );
    expect(byOutcome).toEqual({ '429': 1, '5xx': 1, ok: 1, '404': 1 });
    expect(new Set(values.map((v) => v.labels.endpoint))).toEqual(new Set(['PUT /interventions/:id/close']));
    await counted.close();
  });
});
