import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import { type ApiBody, BOT_TOKEN, type RunningSimulator, startSimulator } from './simulator.harness';

describe('engage-simulator threads', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.app.close();
  });

  const customerWrites = async (sourceId: string, body: string, threadId?: string): Promise<ApiBody> =>
    (
      await sim.request('POST', '/_control/customer-messages', {
        json: { source_id: sourceId, body, ...(threadId ? { thread_id: threadId } : {}) },
      })
    ).body;

  describe('PUT /1.0/content_threads/{id}/close', () => {
    it('should refuse with 403 forbidden on a chat or Twitter thread', async () => {
      const chat = await customerWrites(W.sourceId, 'Bonjour');
      const tweet = await customerWrites(W.twitterSourceId, '@brand hi');

      const answers = await Promise.all(
        [chat, tweet].map((c) =>
          sim.request('PUT', `/1.0/content_threads/${c.thread_id}/close`, { token: BOT_TOKEN }),
        ),
      );
      const still = await sim.request('GET', `/1.0/content_threads/${chat.thread_id}`, { token: BOT_TOKEN });

      expect(answers.map((answer) => answer.body)).toEqual([
        { error: 'forbidden', message: 'This thread cannot be closed', status: 403 },
        { error: 'forbidden', message: 'This thread cannot be closed', status: 403 },
      ]);
      expect(still.body.closed).toBe(false);
    });

    it('should close an email thread as an asynchronous job: answered open, closed right after', async () => {
      const email = await customerWrites(W.emailSourceId, 'Facture');
      const path = `/1.0/content_threads/${email.thread_id}`;

      const closing = await sim.request('PUT', `${path}/close`, { token: BOT_TOKEN });
      const afterwards = await sim.request('GET', path, { token: BOT_TOKEN });
      const again = await sim.request('PUT', `${path}/close`, { token: BOT_TOKEN });

      expect(closing.status).toBe(200);
      expect(closing.body).toMatchObject({ id: email.thread_id, closed: false });
      expect(afterwards.body.closed).toBe(true);
      expect(again.body).toMatchObject({ error: 'thread_already_closed', status: 403 });
    });
  });

  describe('GET and PUT /1.0/content_threads/{id}/open', () => {
    it('should reopen a closed email thread, in which the customer then writes again', async () => {
      const email = await customerWrites(W.emailSourceId, 'Facture');
      const path = `/1.0/content_threads/${email.thread_id}`;
      await sim.request('PUT', `${path}/close`, { token: BOT_TOKEN });

      const opening = await sim.request('GET', `${path}/open`, { token: BOT_TOKEN });
      const again = await sim.request('PUT', `${path}/open`, { token: BOT_TOKEN });
      const reply = await customerWrites(W.emailSourceId, 'Re: Facture', email.thread_id);
      const chat = await customerWrites(W.sourceId, 'Bonjour');
      const chatOpen = await sim.request('PUT', `/1.0/content_threads/${chat.thread_id}/open`, {
        token: BOT_TOKEN,
      });

      expect(opening.body).toMatchObject({ closed: true });
      expect((await sim.request('GET', path, { token: BOT_TOKEN })).body.closed).toBe(false);
      expect(again.body).toMatchObject({ error: 'thread_already_opened', status: 403 });
      expect(reply.thread_id).toBe(email.thread_id);
      expect(chatOpen.body).toEqual({
        error: 'forbidden',
        message: 'This thread cannot be opened',
        status: 403,
      });
    });
  });

  describe('PUT /1.0/content_threads/{id}/update_categories', () => {
    it('should fire intervention.recategorized by the token user when the thread has an open intervention', async () => {
      const message = await customerWrites(W.sourceId, 'Un humain svp');
      await sim.request('POST', '/1.0/interventions', { token: BOT_TOKEN, form: `content_id=${message.id}` });

      await sim.request('PUT', `/1.0/content_threads/${message.thread_id}/update_categories`, {
        token: BOT_TOKEN,
        form: `thread_category_ids[]=${W.agentCategoryId}`,
      });
      const timeline = await sim.request('GET', `/_control/threads/${message.thread_id}/timeline`);

      expect(timeline.body.events.map((e) => e.type)).toEqual([
        'content.imported',
        'intervention.opened',
        'intervention.recategorized',
      ]);
      expect(timeline.body.events[2]).toMatchObject({
        user_id: W.botUserId,
        resource: { type: 'intervention', metadata: { category_ids: [W.agentCategoryId] } },
      });
    });
  });
});
