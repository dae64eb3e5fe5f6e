import { EngageApiError, EngageApiErrorCode, type EngageClient } from '@handover/engage-client';
import { WALKTHROUGH as W, walkthroughSeed } from '../../apps/engage-simulator/src/platform/platform-seed';
import {
  BOT_TOKEN,
  type RunningSimulator,
  startSimulator,
} from '../../apps/engage-simulator/test/simulator.harness';
import { type ClientFixture, buildClient } from '../../libs/engage-client/src/testing/engage-client.fixture';

const EXTRA_AGENTS = 420;

/** The REST client against the simulated platform: both sides real, over HTTP, through the walkthrough. */
describe('EngageClient against the engage-simulator', () => {
  let simulator: RunningSimulator;
  let fixture: ClientFixture;
  let client: EngageClient;

  beforeAll(async () => {
    const seed = walkthroughSeed();
    seed.users = [
      ...(seed.users ?? []),
      ...Array.from({ length: EXTRA_AGENTS }, (_, i) => ({
        id: (0x5c00000000000000000000n + BigInt(i)).toString(16).padStart(24, '0'),
        firstname: `Agent ${i}`,
        lastname: 'Load',
        email: `agent-${i}@simulator.test`,
        category_ids: [W.agentCategoryId],
        team_ids: [],
        identity_ids: [],
      })),
    ];
    simulator = await startSimulator({}, seed);
    fixture = await buildClient({ baseUrl: `${await simulator.app.getUrl()}/1.0`, accessToken: BOT_TOKEN });
    client = fixture.client;
  });

  afterAll(async () => {
    await fixture?.close();
    await simulator?.app.close();
  });

  async function customerWrites(body: string, threadId?: string): Promise<{ id: string; thread_id: string }> {
    const answer = await simulator.request('POST', '/_control/customer-messages', {
      json: { source_id: W.sourceId, body, ...(threadId ? { thread_id: threadId } : {}) },
    });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  async function eventsOfThread(
    threadId: string,
  ): Promise<Array<{ type: string; user_id?: string; resource: { metadata: Record<string, unknown> } }>> {
    const answer = await simulator.request('GET', `/_control/threads/${threadId}/timeline`);
    return answer.body.events as never;
  }

  it('should run the bot path: open an intervention, reply (echoed with creator_id), list, close', async () => {
    const message = await customerWrites('Bonjour');

    const intervention = await client.createIntervention(message.id);
    const reply = await client.createContent({ body: 'Bonjour, je suis le bot.', inReplyToId: message.id });
    const contents = await client.listThreadContents(message.thread_id);
    const closed = await client.closeIntervention(intervention.id);

    expect(intervention).toMatchObject({ thread_id: message.thread_id, user_id: W.botUserId, closed: false });
    expect(reply).toMatchObject({
      thread_id: message.thread_id,
      in_reply_to_id: message.id,
      creator_id: W.botUserId,
    });
    expect(contents.records.map((content) => content.id).sort()).toEqual([message.id, reply.id].sort());
    expect(closed.closed).toBe(true);
    const echo = (await eventsOfThread(message.thread_id)).find(
      (event) => event.type === 'content.imported' && event.resource.metadata.creator_id === W.botUserId,
    );
    expect(echo?.resource.metadata).toMatchObject({
      body: 'Bonjour, je suis le bot.',
      thread_id: message.thread_id,
    });
  });

  it('should report intervention.reopened when the customer writes after the close', async () => {
    const message = await customerWrites('Première question');
    const intervention = await client.createIntervention(message.id);
    await client.createContent({ body: 'Réponse', inReplyToId: message.id });
    await client.closeIntervention(intervention.id);

    await customerWrites('Encore une question', message.thread_id);

    expect((await eventsOfThread(message.thread_id)).map((event) => event.type)).toContain(
      'intervention.reopened',
    );
  });

  it('should refuse to close an intervention without an agent reply: 403, not retried', async () => {
    const message = await customerWrites('Bonjour ?');
    const intervention = await client.createIntervention(message.id);
    const sleepsBefore = fixture.sleeps.length;

    const error = await client.closeIntervention(intervention.id).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EngageApiError);
    expect(error).toMatchObject({ code: EngageApiErrorCode.ClientError, status: 403, retriable: false });
    expect(fixture.sleeps.length).toBe(sleepsBefore);
  });

  it("should apply the seed's recategorization and read it back with exactly those two categories", async () => {
    const updated = await client.updateThreadCategories(W.threadId, [W.otherCategoryId, W.agentCategoryId]);
    const thread = await client.getThread(W.threadId);

    expect(updated.thread_category_ids).toEqual([W.otherCategoryId, W.agentCategoryId]);
    expect(thread.thread_category_ids).toEqual([W.otherCategoryId, W.agentCategoryId]);
  });

  it('should close a thread', async () => {
    const message = await customerWrites('Au revoir');

    await expect(client.closeThread(message.thread_id)).resolves.toMatchObject({ id: message.thread_id });
  });

  it('should gather every agent across pages of 150', async () => {
    const agents = await client.listUsers({ categoryId: W.agentCategoryId });

    expect(agents.length).toBeGreaterThanOrEqual(EXTRA_AGENTS + 1);
    expect(new Set(agents.map((agent) => agent.id)).size).toBe(agents.length);
  });

  it('should read agent availability, categories, the source and the channels', async () => {
    await simulator.request('PUT', `/_control/agents/${W.agentUserId}/channels/${W.channelId}`, {
      json: { status: 'available' },
    });

    const statuses = await client.getAgentStatuses();
    const categories = await client.listCategories();
    const source = await client.getSource(W.sourceId);
    const channels = await client.listChannels();

    expect(statuses).toContainEqual(
      expect.objectContaining({
        agent_id: W.agentUserId,
        channels: expect.arrayContaining([
          expect.objectContaining({ id: W.channelId, status: 'available' }),
        ]) as unknown,
      }),
    );
    expect(categories.map((category) => category.id)).toEqual(
      expect.arrayContaining([W.botCategoryId, W.agentCategoryId]),
    );
    expect(source.channel_id).toBe(W.channelId);
    expect(channels.map((channel) => channel.id)).toContain(W.channelId);
  });

  describe('when the platform fails', () => {
    afterEach(async () => {
      await simulator.request('DELETE', '/_control/faults');
    });

    const setFault = (rule: Record<string, unknown>): Promise<unknown> =>
      simulator.request('PUT', '/_control/faults', { json: rule });

    it('should wait out a 429 for its Retry-After, then succeed', async () => {
      await setFault({ endpoint: 'GET /categories', rate_limit_burst: 1 });
      const sleepsBefore = fixture.sleeps.length;

      await expect(client.listCategories()).resolves.not.toHaveLength(0);
      expect(fixture.sleeps.slice(sleepsBefore)).toEqual([1_000]);
    });

    it('should retry a 5xx on a read, then succeed', async () => {
      await setFault({
        endpoint: 'GET /content_sources/:id',
        error_rate: 1,
        error_status: 502,
        remaining: 1,
      });

      await expect(client.getSource(W.sourceId)).resolves.toMatchObject({ id: W.sourceId });
    });

    it('should turn a platform that never answers into a retriable timeout', async () => {
      const impatient = await buildClient({
        baseUrl: `${await simulator.app.getUrl()}/1.0`,
        accessToken: BOT_TOKEN,
        timeoutMs: 200,
        maxRetries: 0,
      });
      await setFault({ endpoint: 'GET /status', hang: true });

      const error = await impatient.client.getAgentStatuses().catch((e: unknown) => e);

      expect(error).toMatchObject({ code: EngageApiErrorCode.Timeout, retriable: true });
      await impatient.close();
    });
  });
});
