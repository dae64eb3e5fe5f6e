import { ContentsModel } from './contents.model';
import { WALKTHROUGH as W } from './platform-seed';
import { refusal, walkthroughPlatform } from './testing/platform.fixture';

describe(ContentsModel.name, () => {
  describe('receiveCustomerMessage', () => {
    it('should import a customer email as a private emails/email with from, cc and bcc in its metadata', () => {
      const p = walkthroughPlatform();

      const email = p.contents.receiveCustomerMessage({
        source_id: W.emailSourceId,
        body: 'My order',
        author_name: 'Zoé Martin',
        cc: ['boss@customer.test'],
      });

      expect(email).toMatchObject({ private_message: true, status: 'new', sender: 'customer' });
      expect(p.state.identity(email.author_id)).toMatchObject({
        display_name: 'Zoé Martin',
        screenname: 'zoe_martin',
        email: 'zoe_martin@customer.test',
        source_id: W.emailSourceId,
      });
      expect(p.state.outbox[0].resource).toMatchObject({
        type: 'emails/email',
        metadata: { from: 'zoe_martin@customer.test', cc: ['boss@customer.test'], bcc: [], private: true },
      });
    });

    it('should import a public tweet, and a direct message when the customer writes privately', () => {
      const p = walkthroughPlatform();

      const tweet = p.contents.receiveCustomerMessage({
        source_id: W.twitterSourceId,
        body: '@brand hello',
        author_screenname: 'jdoe',
      });
      const dm = p.contents.receiveCustomerMessage({
        source_id: W.twitterSourceId,
        thread_id: tweet.thread_id,
        body: 'my order number',
        private: true,
      });

      expect(p.state.outbox.map((event) => [event.resource.type, event.resource.metadata.private])).toEqual([
        ['twtr/tweet', false],
        ['twtr/private_message', true],
      ]);
      expect(dm.author_id).toBe(tweet.author_id);
      expect(p.state.identity(tweet.author_id)).toMatchObject({
        screenname: 'jdoe',
        uuid: 'jdoe',
        email: null,
      });
    });

    it('should accept attachments without a body and refuse a message with neither', () => {
      const p = walkthroughPlatform();

      const photo = p.contents.receiveCustomerMessage({
        source_id: W.sourceId,
        attachments: [{ filename: 'receipt.png', content_type: 'image/png' }],
      });

      expect(photo).toMatchObject({
        body: '',
        attachments: [{ filename: 'receipt.png', content_type: 'image/png' }],
      });
      expect(p.state.thread(photo.thread_id).title).toBe('receipt.png');
      expect(p.state.outbox[0].resource.metadata).toMatchObject({ has_attachment: true, body: '' });
      expect(refusal(() => p.contents.receiveCustomerMessage({ source_id: W.sourceId })).status).toBe(422);
    });
  });

  describe('importFromSource', () => {
    it('should import a brand post authored by the source brand identity, with no creator and no user_id', () => {
      const p = walkthroughPlatform();

      const post = p.contents.importFromSource({
        source_id: W.twitterSourceId,
        kind: 'brand_post',
        body: 'Sale!',
      });

      expect(post).toMatchObject({
        author_id: W.twitterBrandIdentityId,
        creator_id: null,
        created_from: 'synchronizer',
        status: 'user_initiated',
        sender: 'brand',
        private_message: false,
      });
      expect(p.state.thread(post.thread_id).thread_category_ids).toEqual([W.botCategoryId]);
      expect(p.state.outbox.map((event) => [event.type, event.resource.type])).toEqual([
        ['content.imported', 'twtr/tweet'],
      ]);
      expect(p.state.outbox[0]).not.toHaveProperty('user_id');
    });

    it('should open a chat thread with a welcome message the customer then writes in', () => {
      const p = walkthroughPlatform();

      const welcome = p.contents.importFromSource({
        source_id: W.sourceId,
        kind: 'welcome_message',
        body: 'Hi!',
      });
      const message = p.contents.receiveCustomerMessage({
        source_id: W.sourceId,
        thread_id: welcome.thread_id,
        body: 'Hello',
      });
      const custom = p.contents.importFromSource({
        source_id: W.sourceId,
        thread_id: welcome.thread_id,
        kind: 'brand_post',
        body: 'Survey',
        status: 'ignored',
      });

      expect(welcome).toMatchObject({
        status: 'user_reply',
        author_id: W.chatBrandIdentityId,
        private_message: true,
      });
      expect(message.thread_id).toBe(welcome.thread_id);
      expect(custom.status).toBe('ignored');
      expect(p.state.outbox.map((event) => [event.type, event.resource.metadata.first_in_thread])).toEqual([
        ['content.imported', true],
        ['content.imported', false],
        ['content.imported', false],
      ]);
    });
  });

  describe('create', () => {
    it('should fire content.replied then content.exported (success), never content.imported', () => {
      const p = walkthroughPlatform();
      const message = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      p.interventions.open(W.botUserId, message.id);

      const reply = p.contents.create(W.botUserId, { in_reply_to_id: message.id, body: 'hi', private: true });

      const [replied, exported] = p.state.outbox.slice(-2);
      expect([replied.type, exported.type]).toEqual(['content.replied', 'content.exported']);
      expect(replied.resource.metadata).toMatchObject({
        status: 'user_reply',
        created_from: 'api',
        creator_id: W.botUserId,
        in_reply_to_author_id: message.author_id,
        private: true,
      });
      expect(replied.resource.metadata).not.toHaveProperty('synchronization_status');
      expect(exported.resource.metadata).toMatchObject({ synchronization_status: 'success' });
      expect(p.state.content(message.id).status).toBe('replied');
      expect(reply.status).toBe('user_reply');
    });

    it('should start an email discussion with title and to[] in the source user-thread default categories', () => {
      const p = walkthroughPlatform();
      p.sources.update(W.emailSourceId, { user_thread_default_category_ids: [W.agentCategoryId] });

      const email = p.contents.create(W.botUserId, {
        source_id: W.emailSourceId,
        body: 'Your invoice',
        title: 'Invoice',
        to: ['client@customer.test'],
        cc: ['accounting@customer.test'],
        attachment_ids: ['a1'],
        auto_submitted: true,
      });

      expect(email).toMatchObject({
        status: 'user_initiated',
        title: 'Invoice',
        to: ['client@customer.test'],
        cc: ['accounting@customer.test'],
        auto_submitted: true,
        attachments: [{ id: 'a1', filename: null }],
      });
      expect(p.state.thread(email.thread_id).thread_category_ids).toEqual([W.agentCategoryId]);
      expect(p.state.outbox.map((event) => event.type)).toEqual([
        'content.discussion_initiated',
        'content.exported',
      ]);
    });

    it('should refuse an email discussion without title or to[], and `to` on a reply', () => {
      const p = walkthroughPlatform();
      const message = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      p.interventions.open(W.botUserId, message.id);

      const noTitle = refusal(() =>
        p.contents.create(W.botUserId, { source_id: W.emailSourceId, body: 'x', to: ['a@b.test'] }),
      );
      const noTo = refusal(() =>
        p.contents.create(W.botUserId, { source_id: W.emailSourceId, body: 'x', title: 't' }),
      );
      const toOnReply = refusal(() =>
        p.contents.create(W.botUserId, { in_reply_to_id: message.id, body: 'x', to: '+33600000000' }),
      );

      expect([noTitle.status, noTo.status, toOnReply.status]).toEqual([422, 422, 422]);
      expect(toOnReply.message).toMatch(/^to is forbidden when replying/);
      expect(
        p.contents.create(W.botUserId, { in_reply_to_id: message.id, body: 'ok', to: ['a@b.test'] }).to,
      ).toEqual(['a@b.test']);
    });

    it('should refuse with 403 a user without reply permission on the source', () => {
      const p = walkthroughPlatform();
      const message = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      p.interventions.open(W.botUserId, message.id);

      expect(
        refusal(() => p.contents.create(W.readOnlyUserId, { in_reply_to_id: message.id, body: 'x' })),
      ).toMatchObject({
        status: 403,
        code: 'reply_not_allowed',
      });
      expect(
        refusal(() => p.contents.create(W.noReadUserId, { source_id: W.twitterSourceId, body: 'x' })).status,
      ).toBe(403);
    });

    it('should leave category_ids out of content events, not intervention events, when told to omit them', () => {
      const p = walkthroughPlatform({ eventCategoryIds: 'omit' });
      const message = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      p.interventions.open(W.botUserId, message.id);
      p.contents.create(W.botUserId, { in_reply_to_id: message.id, body: 'hi' });

      expect(p.state.outbox.map((event) => [event.type, 'category_ids' in event.resource.metadata])).toEqual([
        ['content.imported', false],
        ['intervention.opened', true],
        ['content.replied', false],
        ['content.exported', false],
      ]);
    });
  });

  describe('agentReply', () => {
    it('should take the task over from the bot (intervention.user_updated) and reply from the console', () => {
      const p = walkthroughPlatform();
      const message = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      const intervention = p.interventions.open(W.botUserId, message.id);

      const reply = p.contents.agentReply(W.agentUserId, message.id, 'Agent here');
      const again = p.contents.agentReply(W.agentUserId, message.id, 'Still me');

      expect(reply).toMatchObject({ created_from: 'interface', creator_id: W.agentUserId });
      expect(again.intervention_id).toBe(intervention.id);
      const updates = p.state.outbox.filter((event) => event.type === 'intervention.user_updated');
      expect(updates.map((event) => [event.user_id, event.resource.id])).toEqual([
        [W.agentUserId, intervention.id],
      ]);
    });
  });
});
