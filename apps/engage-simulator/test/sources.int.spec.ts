import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import { BOT_TOKEN, NO_READ_TOKEN, type RunningSimulator, startSimulator } from './simulator.harness';

describe('engage-simulator sources and identities', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.app.close();
  });

  const newThreadCategories = async (): Promise<unknown> => {
    const message = await sim.request('POST', '/_control/customer-messages', {
      json: { source_id: W.sourceId, body: 'Bonjour' },
    });
    return (await sim.request('GET', `/1.0/content_threads/${message.body.thread_id}`, { token: BOT_TOKEN }))
      .body.thread_category_ids;
  };

  describe('GET /1.0/content_sources', () => {
    it('should list the readable sources in creation order, paginated and filtered by active', async () => {
      await sim.request('PUT', `/1.0/content_sources/${W.twitterSourceId}`, {
        token: BOT_TOKEN,
        form: 'active=false',
      });

      const all = await sim.request('GET', '/1.0/content_sources', { token: BOT_TOKEN });
      const page = await sim.request('GET', '/1.0/content_sources', {
        token: BOT_TOKEN,
        query: 'limit=1&offset=1',
      });
      const inactive = await sim.request('GET', '/1.0/content_sources', {
        token: BOT_TOKEN,
        query: 'active=false',
      });
      const none = await sim.request('GET', '/1.0/content_sources', { token: NO_READ_TOKEN });

      expect(all.body.records.map((s) => [s.id, s.type, s.active])).toEqual([
        [W.sourceId, 'chat', true],
        [W.emailSourceId, 'emails', true],
        [W.twitterSourceId, 'twtr', false],
        [W.secondChatSourceId, 'chat', true],
      ]);
      expect(all.body.records[3]).toMatchObject({ channel_id: W.channelId, name: 'Dimelo Chat (2)' });
      expect(page.body).toMatchObject({ count: 4, offset: 1, limit: 1 });
      expect(page.body.records.map((s) => s.id)).toEqual([W.emailSourceId]);
      expect(inactive.body.records.map((s) => s.id)).toEqual([W.twitterSourceId]);
      expect(none.body).toMatchObject({ count: 0, records: [] });
    });
  });

  describe('PUT /1.0/content_sources/{id}', () => {
    it('should give new threads the new default categories, none with default_category_ids[]= (Rails-style)', async () => {
      const toAgent = await sim.request('PUT', `/1.0/content_sources/${W.sourceId}`, {
        token: BOT_TOKEN,
        form: `default_category_ids[]=${W.agentCategoryId}&name=Chat`,
      });
      const agentThread = await newThreadCategories();
      const cleared = await sim.request('PUT', `/1.0/content_sources/${W.sourceId}`, {
        token: BOT_TOKEN,
        form: 'default_category_ids[]=',
      });
      const bareThread = await newThreadCategories();
      const nameOnly = await sim.request('PUT', `/1.0/content_sources/${W.sourceId}`, {
        token: BOT_TOKEN,
        json: { name: 'Dimelo Chat' },
      });

      expect(toAgent.body).toMatchObject({ name: 'Chat', default_category_ids: [W.agentCategoryId] });
      expect(agentThread).toEqual([W.agentCategoryId]);
      expect(cleared.body.default_category_ids).toEqual([]);
      expect(bareThread).toEqual([]);
      expect(nameOnly.body).toMatchObject({ name: 'Dimelo Chat', default_category_ids: [] });
    });

    it('should refuse an unknown category with 422', async () => {
      const refused = await sim.request('PUT', `/1.0/content_sources/${W.sourceId}`, {
        token: BOT_TOKEN,
        form: 'default_category_ids[]=5c0000000000000000000999',
      });

      expect(refused.body).toEqual({
        error: 'invalid_parameters',
        message: 'Unknown categories: 5c0000000000000000000999',
        status: 422,
      });
      expect(await newThreadCategories()).toEqual([W.botCategoryId]);
    });
  });

  describe('GET /1.0/identities/{id}', () => {
    it("should show a customer's identity to readers of its source, agents' to everyone, and 404 otherwise", async () => {
      const tweet = await sim.request('POST', '/_control/customer-messages', {
        json: {
          source_id: W.twitterSourceId,
          body: '@brand hi',
          author_name: 'Jane',
          author_screenname: 'jane_d',
        },
      });
      const path = `/1.0/identities/${tweet.body.author_id as string}`;

      const customer = await sim.request('GET', path, { token: BOT_TOKEN });
      const hidden = await sim.request('GET', path, { token: NO_READ_TOKEN });
      const agent = await sim.request('GET', `/1.0/identities/${W.agentIdentityId}`, {
        token: NO_READ_TOKEN,
      });
      const unknown = await sim.request('GET', '/1.0/identities/5c0000000000000000000999', {
        token: BOT_TOKEN,
      });

      expect(customer.body).toMatchObject({
        id: tweet.body.author_id,
        display_name: 'Jane',
        screenname: 'jane_d',
        uuid: 'jane_d',
        email: null,
        user_ids: [],
      });
      expect(hidden.status).toBe(404);
      expect(agent.body).toMatchObject({ id: W.agentIdentityId, user_ids: [W.agentUserId] });
      expect(unknown.body).toEqual({
        error: 'not_found',
        message: 'Identity 5c0000000000000000000999 not found',
        status: 404,
      });
    });
  });
});
