import { replyTargetOf } from '@handover/contracts';
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

  async function customerWrites(
    body: string,
    threadId?: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; thread_id: string }> {
    const answer = await simulator.request('POST', '/_control/customer-messages', {
      json: { source_id: W.sourceId, body, ...(threadId ? { thread_id: threadId } : {}), ...extra },
    });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  type PlatformEvent = {
    type: string;
    id: string;
    issued_at: string;
    user_id?: string;
    resource: { type: string; id: string; metadata: Record<string, unknown> };
  };

  async function eventsOfThread(threadId: string): Promise<PlatformEvent[]> {
    const answer = await simulator.request('GET', `/_control/threads/${threadId}/timeline`);
    return answer.body.events as unknown as PlatformEvent[];
  }

  async function customerView(threadId: string): Promise<Array<{ body: string; private: boolean }>> {
    const answer = await simulator.request('GET', `/_control/threads/${threadId}/customer-view`);
    return answer.body.messages as unknown as Array<{ body: string; private: boolean }>;
  }

  it('should run the bot path: open an intervention, reply (content.replied, not imported), list, close', async () => {
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
    const events = await eventsOfThread(message.thread_id);
    // RCED imports what comes from the source; what is written through the API is replied, then exported.
    expect(events.filter((event) => event.type === 'content.imported')).toHaveLength(1);
    const echo = events.find(
      (event) => event.type === 'content.replied' && event.resource.metadata.creator_id === W.botUserId,
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

    const error = await client.closeIntervention(intervention.id).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EngageApiError);
    expect(error).toMatchObject({ code: EngageApiErrorCode.ClientError, status: 403, retriable: false });
  });

  it("should apply the seed's recategorization and read it back with exactly those two categories", async () => {
    const updated = await client.updateThreadCategories(W.threadId, [W.otherCategoryId, W.agentCategoryId]);
    const thread = await client.getThread(W.threadId);

    expect(updated.thread_category_ids).toEqual([W.otherCategoryId, W.agentCategoryId]);
    expect(thread.thread_category_ids).toEqual([W.otherCategoryId, W.agentCategoryId]);
  });

  it('should close an email thread, and be refused with 403 on a chat, which RCED does not close', async () => {
    const email = await customerWrites('Au revoir', undefined, { source_id: W.emailSourceId });
    const chat = await customerWrites('Au revoir');

    await expect(client.closeThread(email.thread_id)).resolves.toMatchObject({ id: email.thread_id });
    expect(await client.closeThread(chat.thread_id).catch((e: unknown) => e)).toMatchObject({
      status: 403,
      retriable: false,
    });
    expect((await client.getThread(chat.thread_id)).closed).toBe(false);
  });

  it('should leave the agent a comment on the open intervention that never reaches the customer, and find it again', async () => {
    const message = await customerWrites('Je veux un conseiller');
    const intervention = await client.createIntervention(message.id);

    const open = await client.openInterventionOf(message.thread_id);
    const comment = await client.createInterventionComment({
      interventionId: intervention.id,
      userId: W.botUserId,
      body: 'Handover from the bot: the customer asked for a human.',
    });
    const found = await client.findInterventionComment(intervention.id, comment.body);

    expect(open?.id).toBe(intervention.id);
    expect(comment).toMatchObject({ intervention_id: intervention.id, thread_id: message.thread_id });
    expect(found?.id).toBe(comment.id);
    expect((await customerView(message.thread_id)).map((line) => line.body)).toEqual([
      'Je veux un conseiller',
    ]);
  });

  it("should take over an agent's intervention (reassign)", async () => {
    const message = await customerWrites('Bonjour');
    await simulator.request('POST', `/_control/agents/${W.agentUserId}/replies`, {
      json: { in_reply_to_id: message.id, body: 'Ici Camille.' },
    });
    const agents = await client.openInterventionOf(message.thread_id);

    const taken = await client.reassignIntervention(agents!.id, W.botUserId);

    expect(agents?.user_id).toBe(W.agentUserId);
    expect(taken.user_id).toBe(W.botUserId);
    expect((await client.getIntervention(agents!.id)).user_id).toBe(W.botUserId);
  });

  it("should change a source's default categories, which new threads then get, and set them back", async () => {
    const sources = await client.listSources();
    const before = (await client.getSource(W.emailSourceId)).default_category_ids;

    const changed = await client.updateSourceDefaultCategories(W.emailSourceId, [W.agentCategoryId]);
    const fresh = await customerWrites('Nouveau', undefined, { source_id: W.emailSourceId });
    await client.updateSourceDefaultCategories(W.emailSourceId, before);

    expect(sources.map((source) => source.id)).toEqual(expect.arrayContaining([W.sourceId, W.emailSourceId]));
    expect(changed.default_category_ids).toEqual([W.agentCategoryId]);
    expect((await client.getThread(fresh.thread_id)).thread_category_ids).toEqual([W.agentCategoryId]);
    expect((await client.getSource(W.emailSourceId)).default_category_ids).toEqual(before);
  });

  it('should answer each customer as their source needs: privately, to the email sender, mentioning a public tweet author', async () => {
    const chat = await customerWrites('Bonjour');
    const email = await customerWrites('Ma commande', undefined, {
      source_id: W.emailSourceId,
      author_email: 'ann@example.com',
    });
    const tweet = await customerWrites('@brand help', undefined, {
      source_id: W.twitterSourceId,
      author_screenname: 'ann_t',
      private: false,
    });
    const targetOf = async (message: { id: string; thread_id: string }) => {
      const imported = (await eventsOfThread(message.thread_id)).find(
        (event) => event.type === 'content.imported' && event.resource.id === message.id,
      );
      return replyTargetOf(imported as never)!;
    };

    const chatReply = await client.replyFieldsFor(await targetOf(chat), 'Bonjour !');
    const emailReply = await client.replyFieldsFor(await targetOf(email), 'Bonjour Ann');
    const tweetReply = await client.replyFieldsFor(await targetOf(tweet), 'We are on it');

    expect(chatReply).toMatchObject({ inReplyToId: chat.id, private: true });
    expect(emailReply).toMatchObject({ to: ['ann@example.com'], private: true });
    expect(emailReply.title).toMatch(/^Re: /);
    expect(tweetReply).toEqual({ inReplyToId: tweet.id, body: '@ann_t We are on it' });
    for (const [message, fields] of [
      [email, emailReply],
      [tweet, tweetReply],
    ] as const) {
      await client.createIntervention(message.id);
      await client.createContent(fields);
    }
    expect((await customerView(tweet.thread_id)).at(-1)).toMatchObject({
      body: '@ann_t We are on it',
      private: false,
    });
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

    it('should report a 429 with its Retry-After for the effect worker to wait out', async () => {
      await setFault({ endpoint: 'GET /categories', rate_limit_burst: 1 });

      const error = await client.listCategories().catch((e: unknown) => e);

      expect(error).toMatchObject({
        code: EngageApiErrorCode.RateLimited,
        retriable: true,
        retryAfterSeconds: 1,
      });
      await expect(client.listCategories()).resolves.not.toHaveLength(0);
    });

    it('should report a 5xx on a read as retriable, and read again once the platform is back', async () => {
      await setFault({
        endpoint: 'GET /content_sources/:id',
        error_rate: 1,
        error_status: 502,
        remaining: 1,
      });

      await expect(client.getSource(W.sourceId)).rejects.toMatchObject({
        code: EngageApiErrorCode.ServerError,
        retriable: true,
      });
      await expect(client.getSource(W.sourceId)).resolves.toMatchObject({ id: W.sourceId });
    });

    it('should turn a platform that never answers into a retriable timeout', async () => {
      const impatient = await buildClient({
        baseUrl: `${await simulator.app.getUrl()}/1.0`,
        accessToken: BOT_TOKEN,
        timeoutMs: 200,
      });
      await setFault({ endpoint: 'GET /status', hang: true });

      const error = await impatient.client.getAgentStatuses().catch((e: unknown) => e);

      expect(error).toMatchObject({ code: EngageApiErrorCode.Timeout, retriable: true });
      await impatient.close();
    });
  });
});
