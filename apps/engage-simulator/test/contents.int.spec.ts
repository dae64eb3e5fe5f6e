import { WALKTHROUGH as W } from '../src/platform/platform-seed';
import {
  type ApiBody,
  BOT_TOKEN,
  type RunningSimulator,
  botConversation,
  startSimulator,
} from './simulator.harness';

describe('engage-simulator contents', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator();
  });

  afterEach(async () => {
    await sim.app.close();
  });

  const events = async (threadId: string): Promise<ApiBody[]> =>
    (await sim.request('GET', `/_control/threads/${threadId}/timeline`)).body.events;

  async function underIntervention(json: Record<string, unknown>): Promise<ApiBody> {
    return (await botConversation(sim, json)).message;
  }

  describe('customer messages', () => {
    it('should type contents by source and import chat messages as private, tweets as public', async () => {
      const chat = await sim.request('POST', '/_control/customer-messages', {
        json: { source_id: W.sourceId, body: 'Bonjour' },
      });
      const tweet = await sim.request('POST', '/_control/customer-messages', {
        json: { source_id: W.twitterSourceId, body: '@brand hi' },
      });
      const dm = await sim.request('POST', '/_control/customer-messages', {
        json: { source_id: W.twitterSourceId, thread_id: tweet.body.thread_id, body: 'psst', private: true },
      });

      const types = [...(await events(chat.body.thread_id)), ...(await events(tweet.body.thread_id))].map(
        (e) => [e.resource.type, e.resource.metadata.private, e.resource.metadata.status],
      );

      expect(types).toEqual([
        ['chat/message', true, 'new'],
        ['twtr/tweet', false, 'new'],
        ['twtr/private_message', true, 'new'],
      ]);
      expect([chat.body.type, tweet.body.type, dm.body.private_message]).toEqual(['message', 'tweet', true]);
    });

    it('should record attachments, with no body needed, and refuse a message with neither (400)', async () => {
      const photo = await sim.request('POST', '/_control/customer-messages', {
        json: {
          source_id: W.sourceId,
          attachments: [{ filename: 'receipt.png', content_type: 'image/png' }],
        },
      });
      const nothing = await sim.request('POST', '/_control/customer-messages', {
        json: { source_id: W.sourceId },
      });
      const shown = await sim.request('GET', `/1.0/contents/${photo.body.id}`, { token: BOT_TOKEN });
      const [imported] = await events(photo.body.thread_id);

      expect(photo.status).toBe(200);
      expect(shown.body).toMatchObject({
        body: '',
        attachments_count: 1,
        attachments: [{ filename: 'receipt.png', content_type: 'image/png' }],
      });
      expect(imported.resource.metadata).toMatchObject({ has_attachment: true });
      expect(nothing.status).toBe(400);
      expect(nothing.body.message).toMatch(/^body: /);
    });

    it("should give a customer email's metadata from, cc and bcc, as chatbot-js reads them", async () => {
      const email = await sim.request('POST', '/_control/customer-messages', {
        json: {
          source_id: W.emailSourceId,
          body: 'Ma commande',
          author_name: 'Zoé',
          author_email: 'zoe@customer.test',
          cc: ['paul@customer.test'],
        },
      });

      const [imported] = await events(email.body.thread_id);

      expect(imported.resource).toMatchObject({
        type: 'emails/email',
        metadata: { from: 'zoe@customer.test', cc: ['paul@customer.test'], bcc: [], private: true },
      });
    });
  });

  describe('POST /1.0/contents', () => {
    it('should fire content.replied and content.exported, not content.imported, and reach the customer', async () => {
      const message = await underIntervention({ source_id: W.sourceId, body: 'Bonjour' });

      const reply = await sim.request('POST', '/1.0/contents', {
        token: BOT_TOKEN,
        form: `in_reply_to_id=${message.id}&body=Bonjour%20!&private=1`,
      });
      const view = await sim.request('GET', `/_control/threads/${message.thread_id}/customer-view`);
      const replied = await sim.request('GET', `/1.0/contents/${message.id}`, { token: BOT_TOKEN });

      expect((await events(message.thread_id)).map((e) => [e.type, e.user_id])).toEqual([
        ['content.imported', undefined],
        ['intervention.opened', W.botUserId],
        ['content.replied', W.botUserId],
        ['content.exported', W.botUserId],
      ]);
      expect(reply.body).toMatchObject({
        created_from: 'api',
        status: 'user_reply',
        synchronization_status: 'success',
        private_message: true,
      });
      expect(replied.body.status).toBe('replied');
      expect(view.body).toEqual({
        thread_id: message.thread_id,
        messages: [
          expect.objectContaining({
            content_id: message.id,
            from: 'customer',
            body: 'Bonjour',
            private: true,
          }),
          expect.objectContaining({
            content_id: reply.body.id,
            from: 'brand',
            body: 'Bonjour !',
            private: true,
          }),
        ],
      });
    });

    it('should start an email discussion with title, to[], cc[], bcc[] and attachments, shown to the customer', async () => {
      const form = [
        `source_id=${W.emailSourceId}`,
        'body=Votre%20facture',
        'title=Facture',
        'to[]=client@customer.test',
        'cc[]=compta@customer.test',
        'bcc[]=archive@brand.test',
        'attachment_ids[]=5c00000000000000000000a1',
        'auto_submitted=true',
      ].join('&');

      const email = await sim.request('POST', '/1.0/contents', { token: BOT_TOKEN, form });
      const noTitle = await sim.request('POST', '/1.0/contents', {
        token: BOT_TOKEN,
        form: `source_id=${W.emailSourceId}&body=x&to[]=client@customer.test`,
      });
      const view = await sim.request('GET', `/_control/threads/${email.body.thread_id}/customer-view`);

      expect(email.body).toMatchObject({
        title: 'Facture',
        status: 'user_initiated',
        auto_submitted: true,
        attachments_count: 1,
      });
      expect((await events(email.body.thread_id)).map((e) => e.type)).toEqual([
        'content.discussion_initiated',
        'content.exported',
      ]);
      expect(view.body.messages).toEqual([
        {
          content_id: email.body.id,
          from: 'brand',
          author_id: W.botIdentityId,
          body: 'Votre facture',
          private: false,
          title: 'Facture',
          to: ['client@customer.test'],
          cc: ['compta@customer.test'],
          bcc: ['archive@brand.test'],
          attachments: [{ filename: null, content_type: null }],
          created_at: expect.any(String) as unknown,
        },
      ]);
      expect(noTitle.body).toMatchObject({ error: 'invalid_parameters', status: 422 });
    });

    it('should refuse `to` on a reply with 422 but take a JSON `to` list, as chatbot-js sends for emails', async () => {
      const email = await underIntervention({ source_id: W.emailSourceId, body: 'Question' });

      const refused = await sim.request('POST', '/1.0/contents', {
        token: BOT_TOKEN,
        form: `in_reply_to_id=${email.id}&body=x&to=%2B33600000000`,
      });
      const answered = await sim.request('POST', '/1.0/contents', {
        token: BOT_TOKEN,
        json: { in_reply_to_id: email.id, title: '', to: ['customer@customer.test'], body: 'Réponse' },
      });

      expect(refused.body).toEqual({
        error: 'invalid_parameters',
        message: 'to is forbidden when replying to an existing message',
        status: 422,
      });
      expect(answered.status).toBe(200);
    });
  });

  describe('SIMULATOR_EVENT_CATEGORY_IDS=omit', () => {
    it('should leave category_ids out of content events only; the thread still has them', async () => {
      const omitting = await startSimulator({ SIMULATOR_EVENT_CATEGORY_IDS: 'omit' });
      try {
        const message = (
          await omitting.request('POST', '/_control/customer-messages', {
            json: { source_id: W.sourceId, body: 'Hi' },
          })
        ).body;
        await omitting.request('POST', '/1.0/interventions', {
          token: BOT_TOKEN,
          form: `content_id=${message.id}`,
        });
        const thread = await omitting.request('GET', `/1.0/content_threads/${message.thread_id}`, {
          token: BOT_TOKEN,
        });
        const all = (await omitting.request('GET', '/_control/events')).body as unknown as ApiBody[];

        expect(all.map((e) => [e.type, 'category_ids' in e.resource.metadata])).toEqual([
          ['content.imported', false],
          ['intervention.opened', true],
        ]);
        expect(thread.body.thread_category_ids).toEqual([W.botCategoryId]);
      } finally {
        await omitting.app.close();
      }
    });
  });
});
