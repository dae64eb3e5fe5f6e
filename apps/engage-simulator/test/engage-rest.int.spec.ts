import { pollUntil } from '../../../test/infra';
import { WALKTHROUGH as W, walkthroughSeed } from '../src/platform/platform-seed';
import { AGENT_TOKEN, BOT_TOKEN, type RunningSimulator, startSimulator } from './simulator.harness';
import { tokenFingerprint } from '../src/simulator.app';

const THREAD = `/1.0/content_threads/${W.threadId}`;
const NEW_SET = `thread_category_ids[]=${W.otherCategoryId}&thread_category_ids[]=${W.agentCategoryId}`;

describe('engage-simulator REST API', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.app.close();
  });

  async function customerMessage(
    body = 'hello',
    sourceId: string = W.sourceId,
  ): Promise<{ id: string; thread_id: string }> {
    const response = await sim.request('POST', '/_control/customer-messages', {
      json: { source_id: sourceId, body },
    });
    expect(response.status).toBe(200);
    return response.body;
  }

  describe('PUT /1.0/content_threads/{id}/update_categories', () => {
    it('should replace the thread categories when thread_category_ids[] is form-encoded (walkthrough example)', async () => {
      const updated = await sim.request('PUT', `${THREAD}/update_categories`, {
        token: BOT_TOKEN,
        form: NEW_SET,
      });
      expect(updated.status).toBe(200);
      const thread = await sim.request('GET', THREAD, { token: BOT_TOKEN });
      expect(thread.body.thread_category_ids).toEqual([W.otherCategoryId, W.agentCategoryId]);
    });

    it('should replace the thread categories when they and access_token are in the query string', async () => {
      const query = `access_token=${BOT_TOKEN}&${NEW_SET}`;
      const updated = await sim.request('PUT', `${THREAD}/update_categories`, { query });
      expect(updated.status).toBe(200);
      expect(updated.body.thread_category_ids).toEqual([W.otherCategoryId, W.agentCategoryId]);
      const calls = await sim.request('GET', '/_control/api-calls');
      expect(calls.body).toEqual([
        {
          method: 'PUT',
          path: `${THREAD}/update_categories`,
          params: { thread_category_ids: [W.otherCategoryId, W.agentCategoryId] },
          status: 200,
          token_fingerprint: tokenFingerprint(BOT_TOKEN),
          user_id: W.botUserId,
          at: expect.any(Number) as unknown,
        },
      ]);
    });
  });

  describe('interventions', () => {
    it('should refuse with 403 to close an intervention without an agent reply', async () => {
      const content = await customerMessage();
      const opened = await sim.request('POST', '/1.0/interventions', {
        token: BOT_TOKEN,
        form: `content_id=${content.id}`,
      });
      expect(opened.status).toBe(200);
      const closed = await sim.request('PUT', `/1.0/interventions/${opened.body.id}/close`, {
        token: BOT_TOKEN,
      });
      expect(closed.status).toBe(403);
      expect(closed.body).toEqual({
        error: 'intervention_without_agent_reply',
        message: 'Intervention has no agent reply',
        status: 403,
      });
    });

    it('should refuse a second open intervention with 422 and close one that has an agent reply', async () => {
      const content = await customerMessage();
      const opened = await sim.request('POST', '/1.0/interventions', {
        token: BOT_TOKEN,
        json: { content_id: content.id },
      });
      const again = await sim.request('POST', '/1.0/interventions', {
        token: BOT_TOKEN,
        query: `content_id=${content.id}`,
      });
      expect(again.status).toBe(422);
      const reply = await sim.request('POST', '/1.0/contents', {
        token: BOT_TOKEN,
        form: `body=hi&in_reply_to_id=${content.id}&private=1`,
      });
      expect(reply.body).toMatchObject({ private_message: true, intervention_id: opened.body.id });
      const byAgent = await sim.request('PUT', `/1.0/interventions/${opened.body.id}/close`, {
        token: AGENT_TOKEN,
      });
      expect(byAgent.status).toBe(403);
      const closed = await sim.request('PUT', `/1.0/interventions/${opened.body.id}/close`, {
        token: BOT_TOKEN,
      });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ closed: true, user_replies_count: 1 });
    });
  });

  describe('POST /1.0/contents', () => {
    it('should refuse a reply with 422 when the thread has no open intervention (strict mode)', async () => {
      const content = await customerMessage();
      const reply = await sim.request('POST', '/1.0/contents', {
        token: BOT_TOKEN,
        form: `body=hi&in_reply_to_id=${content.id}`,
      });
      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({ error: 'no_open_intervention', status: 422 });
    });

    it('should refuse with 422 without body, and with 403 on a closed thread', async () => {
      const content = await customerMessage('hello', W.emailSourceId);
      const noBody = await sim.request('POST', '/1.0/contents', {
        token: BOT_TOKEN,
        json: { in_reply_to_id: content.id },
      });
      expect(noBody.body).toEqual({ error: 'invalid_parameters', message: 'body is required', status: 422 });
      await sim.request('PUT', `/1.0/content_threads/${content.thread_id}/close`, { token: BOT_TOKEN });
      const reply = await sim.request('POST', '/1.0/contents', {
        token: BOT_TOKEN,
        json: { body: 'hi', in_reply_to_id: content.id },
      });
      expect(reply.body).toEqual({
        error: 'cant_reply_to_closed_thread',
        message: "Can't reply to closed thread",
        status: 403,
      });
    });
  });

  describe('GET /1.0/contents', () => {
    it('should list the contents of one thread with q=thread:<id>, paginated', async () => {
      const first = await customerMessage('one');
      await sim.request('POST', '/_control/customer-messages', {
        json: { source_id: W.sourceId, thread_id: first.thread_id, body: 'two' },
      });
      await customerMessage('other thread');
      const page = await sim.request('GET', '/1.0/contents', {
        token: BOT_TOKEN,
        query: `q=thread:${first.thread_id}&limit=1`,
      });
      expect(page.body).toMatchObject({ count: 2, offset: 0, limit: 1 });
      expect(page.body.records.map((c) => c.body)).toEqual(['two']);
    });
  });

  describe('GET /1.0/status', () => {
    it('should list connected agents as a bare array with per-channel status and busyness', async () => {
      await sim.request('PUT', `/_control/agents/${W.agentUserId}/channels/${W.channelId}`, {
        json: { status: 'available' },
      });
      const status = await sim.request('GET', '/1.0/status', { token: BOT_TOKEN });
      expect(status.body).toEqual([
        {
          agent_id: W.agentUserId,
          channels: [
            { id: W.channelId, name: 'Messaging', status: 'available', busyness: 'unoccupied' },
            { id: W.emailChannelId, name: 'Email', status: null, busyness: 'unoccupied' },
            { id: W.socialChannelId, name: 'Social', status: null, busyness: 'unoccupied' },
          ],
          custom_status: null,
        },
      ]);
    });

    it('should report the busyness a test pinned through the control API', async () => {
      const pinned = await sim.request('PUT', `/_control/agents/${W.agent2UserId}/channels/${W.channelId}`, {
        json: { status: 'available', busyness: 'full' },
      });
      await sim.request('PUT', `/_control/agents/${W.agent3UserId}/channels/${W.emailChannelId}`, {
        json: { status: 'available', busyness: 'busy' },
      });

      const status = await sim.request('GET', '/1.0/status', { token: BOT_TOKEN });

      expect(pinned.body).toEqual({
        agent_id: W.agent2UserId,
        channel_id: W.channelId,
        status: 'available',
        busyness: 'full',
      });
      expect(status.body).toEqual([
        expect.objectContaining({
          agent_id: W.agent2UserId,
          channels: [
            { id: W.channelId, name: 'Messaging', status: 'available', busyness: 'full' },
            { id: W.emailChannelId, name: 'Email', status: null, busyness: 'unoccupied' },
            { id: W.socialChannelId, name: 'Social', status: null, busyness: 'unoccupied' },
          ],
        }),
        expect.objectContaining({
          agent_id: W.agent3UserId,
          channels: [
            { id: W.channelId, name: 'Messaging', status: null, busyness: 'unoccupied' },
            { id: W.emailChannelId, name: 'Email', status: 'available', busyness: 'busy' },
            { id: W.socialChannelId, name: 'Social', status: null, busyness: 'unoccupied' },
          ],
        }),
      ]);
    });
  });

  describe('GET /1.0/users', () => {
    it('should filter users by AGENT category and by agent team', async () => {
      const ids = async (query: string): Promise<string[]> =>
        (await sim.request('GET', '/1.0/users', { token: BOT_TOKEN, query })).body.records.map((u) => u.id);

      expect(await ids(`category_id=${W.agentCategoryId}`)).toEqual([
        W.agent3UserId,
        W.agent2UserId,
        W.agentUserId,
      ]);
      expect(await ids(`team_id=${W.agentTeamId}`)).toEqual([W.teamMemberUserId, W.agent3UserId]);
    });
  });

  describe('GET /1.0/categories and /1.0/content_sources (what the dashboard names its ids with)', () => {
    const names = async (path: string, query = ''): Promise<string[]> =>
      (await sim.request('GET', path, { token: BOT_TOKEN, query })).body.records.map((record) =>
        String(record.name),
      );

    it('should list the categories in creation order, filtered by ids and parent_id (SPEC getAllCategories)', async () => {
      expect(await names('/1.0/categories')).toEqual(['Other', 'BOT', 'AGENT']);
      expect(await names('/1.0/categories', `ids=${W.agentCategoryId},${W.otherCategoryId}`)).toEqual([
        'Other',
        'AGENT',
      ]);
      expect(await names('/1.0/categories', `parent_id=${W.botCategoryId}`)).toEqual([]);
    });

    it('should answer one category by id, and 404 for an unknown one (SPEC getCategory)', async () => {
      const found = await sim.request('GET', `/1.0/categories/${W.agentCategoryId}`, { token: BOT_TOKEN });
      const unknown = await sim.request('GET', '/1.0/categories/000000000000000000000000', {
        token: BOT_TOKEN,
      });

      expect(found.body).toMatchObject({ id: W.agentCategoryId, name: 'AGENT', parent_id: null });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: 'not_found', status: 404 });
    });

    it('should list the sources with their names in creation order (SPEC getAllSources)', async () => {
      expect(await names('/1.0/content_sources')).toEqual([
        'Dimelo Chat',
        'Support email',
        'Twitter',
        'Dimelo Chat (2)',
      ]);
    });
  });

  describe('customer writing on a closed thread', () => {
    it('should start a new thread with the default categories instead of reopening the closed one', async () => {
      const first = await customerMessage('Bonjour', W.emailSourceId);
      const closed = await sim.request('PUT', `/1.0/content_threads/${first.thread_id}/close`, {
        token: BOT_TOKEN,
      });

      const again = await sim.request('POST', '/_control/customer-messages', {
        json: { source_id: W.emailSourceId, thread_id: first.thread_id, body: 'Encore moi' },
      });
      const oldThread = await sim.request('GET', `/1.0/content_threads/${first.thread_id}`, {
        token: BOT_TOKEN,
      });
      const newThread = await sim.request('GET', `/1.0/content_threads/${again.body.thread_id}`, {
        token: BOT_TOKEN,
      });

      expect(closed.body.closed).toBe(false);
      expect(again.body).toMatchObject({ first_in_thread: true, category_ids: [W.botCategoryId] });
      expect(again.body.thread_id).not.toBe(first.thread_id);
      expect(oldThread.body).toMatchObject({ closed: true, contents_count: 1 });
      expect(newThread.body).toMatchObject({ closed: false, contents_count: 1 });
    });
  });

  describe('errors', () => {
    it('should answer {error, message, status} for unknown ids, routes and tokens', async () => {
      const unknownThread = await sim.request('GET', '/1.0/content_threads/000000000000000000000000', {
        token: BOT_TOKEN,
      });
      expect(unknownThread.status).toBe(404);
      expect(unknownThread.body).toEqual({
        error: 'not_found',
        message: 'Thread 000000000000000000000000 not found',
        status: 404,
      });
      const unknownRoute = await sim.request('GET', '/1.0/nothing-here', { token: BOT_TOKEN });
      expect(unknownRoute.body).toMatchObject({ error: 'not_found', status: 404 });
      const badToken = await sim.request('GET', '/1.0/categories', { token: 'nope' });
      expect(badToken.body).toEqual({
        error: 'invalid_access_token',
        message: 'Invalid access token',
        status: 401,
      });
      const noToken = await sim.request('GET', '/1.0/categories');
      expect(noToken.status).toBe(401);
    });
  });
});

describe('engage-simulator REST API limits', () => {
  it('should page 400 users by 150 and clamp a larger limit to 150', async () => {
    const seed = walkthroughSeed();
    const extra = Array.from({ length: 400 - walkthroughSeed().users!.length }, (_, i) => ({
      id: (0xa00000 + i).toString(16).padStart(24, '0'),
      firstname: `User${i}`,
      lastname: 'Load',
      email: `user${i}@simulator.test`,
      category_ids: [],
      team_ids: [],
      identity_ids: [],
    }));
    seed.users = [...(seed.users ?? []), ...extra];
    const sim = await startSimulator({}, seed);
    try {
      const pages = [];
      for (const offset of [0, 150, 300]) {
        pages.push(
          await sim.request('GET', '/1.0/users', { token: BOT_TOKEN, query: `offset=${offset}&limit=150` }),
        );
      }
      expect(
        pages.map((page) => [page.body.count, page.body.offset, page.body.limit, page.body.records.length]),
      ).toEqual([
        [400, 0, 150, 150],
        [400, 150, 150, 150],
        [400, 300, 150, 100],
      ]);
      const ids = new Set(pages.flatMap((page) => page.body.records.map((user) => user.id)));
      expect(ids.size).toBe(400);
      const clamped = await sim.request('GET', '/1.0/users', { token: BOT_TOKEN, query: 'limit=500' });
      expect(clamped.body).toMatchObject({ count: 400, offset: 0, limit: 150 });
      expect(clamped.body.records).toHaveLength(150);
      const byDefault = await sim.request('GET', '/1.0/users', { token: BOT_TOKEN });
      expect(byDefault.body.limit).toBe(30);
      const agents = await sim.request('GET', '/1.0/users', {
        token: BOT_TOKEN,
        query: `category_id=${W.agentCategoryId}`,
      });
      expect(agents.body.records.map((user) => user.id)).toEqual([
        W.agent3UserId,
        W.agent2UserId,
        W.agentUserId,
      ]);
    } finally {
      await sim.app.close();
    }
  });

  it('should answer 429 rate_limit_exceeded with Retry-After once a token passes its limit', async () => {
    const sim = await startSimulator({ SIMULATOR_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      for (let i = 0; i < 3; i += 1) {
        expect((await sim.request('GET', '/1.0/categories', { token: BOT_TOKEN })).status).toBe(200);
      }
      const refused = await sim.request('GET', '/1.0/categories', { token: BOT_TOKEN });
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        error: 'rate_limit_exceeded',
        message: 'Rate limit exceeded',
        status: 429,
      });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await sim.request('GET', '/1.0/categories', { token: AGENT_TOKEN })).status).toBe(200);
    } finally {
      await sim.app.close();
    }
  });

  it('should count calls per configured window and log each call with its token, refusals included', async () => {
    const sim = await startSimulator({
      SIMULATOR_RATE_LIMIT_PER_MINUTE: '5',
      SIMULATOR_RATE_LIMIT_WINDOW_MS: '3000',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        statuses.push((await sim.request('GET', '/1.0/categories', { token: BOT_TOKEN })).status);
      }
      await sim.request('GET', '/1.0/categories', { token: 'unknown-token' });
      await pollUntil(
        async () => (await sim.request('GET', '/1.0/categories', { token: BOT_TOKEN })).status === 200,
        { timeoutMs: 10_000, intervalMs: 200, description: 'the 3 s window to roll' },
      );
      const calls = (await sim.request('GET', '/_control/api-calls')).body as unknown as Array<{
        status: number;
        token_fingerprint: string | null;
        user_id: string | null;
      }>;
      const bot = tokenFingerprint(BOT_TOKEN);

      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(
        calls
          .slice(0, 7)
          .map(({ status, token_fingerprint, user_id }) => [status, token_fingerprint, user_id]),
      ).toEqual([
        ...Array.from({ length: 5 }, () => [200, bot, W.botUserId]),
        [429, bot, W.botUserId],
        [401, null, null],
      ]);
      expect(calls.at(-1)).toMatchObject({ status: 200, token_fingerprint: bot });
      expect(JSON.stringify(calls)).not.toContain(BOT_TOKEN);
    } finally {
      await sim.app.close();
    }
  });
});
