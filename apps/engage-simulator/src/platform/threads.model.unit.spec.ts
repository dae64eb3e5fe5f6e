import { WALKTHROUGH as W } from './platform-seed';
import { refusal, walkthroughPlatform } from './testing/platform.fixture';
import { ThreadsModel } from './threads.model';

describe(ThreadsModel.name, () => {
  describe('updateCategories', () => {
    it('should fire intervention.recategorized by the user only when the thread has an open intervention', () => {
      const p = walkthroughPlatform();
      const message = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      p.threads.updateCategories(W.botUserId, message.thread_id, [W.botCategoryId, W.otherCategoryId]);
      const intervention = p.interventions.open(W.botUserId, message.id);

      p.threads.updateCategories(W.agentUserId, message.thread_id, [W.agentCategoryId]);

      expect(p.state.outbox.map((event) => event.type)).toEqual([
        'content.imported',
        'intervention.opened',
        'intervention.recategorized',
      ]);
      expect(p.state.outbox.at(-1)).toMatchObject({
        user_id: W.agentUserId,
        resource: { id: intervention.id, metadata: { category_ids: [W.agentCategoryId] } },
      });
    });

    it('should answer 404 without read and 422 for an unknown category', () => {
      const p = walkthroughPlatform();

      expect(refusal(() => p.threads.updateCategories(W.noReadUserId, W.threadId, [])).status).toBe(404);
      expect(refusal(() => p.threads.updateCategories(W.botUserId, W.threadId, ['nope'])).status).toBe(422);
    });
  });

  describe('close', () => {
    it('should refuse with 403 forbidden on a source type that cannot close threads', () => {
      const p = walkthroughPlatform();

      expect(refusal(() => p.threads.close(W.botUserId, W.threadId))).toMatchObject({
        status: 403,
        code: 'forbidden',
        message: 'This thread cannot be closed',
      });
      expect(refusal(() => p.threads.open(W.botUserId, W.threadId)).message).toBe(
        'This thread cannot be opened',
      );
    });

    it('should answer the thread as the job found it, then close it; opening works the same way', () => {
      const p = walkthroughPlatform();
      const email = p.contents.receiveCustomerMessage({ source_id: W.emailSourceId, body: 'subject' });

      const closing = p.threads.close(W.botUserId, email.thread_id);
      const closedNow = p.state.thread(email.thread_id).closed;
      const again = refusal(() => p.threads.close(W.botUserId, email.thread_id));
      const opening = p.threads.open(W.botUserId, email.thread_id);
      const reply = p.contents.receiveCustomerMessage({
        source_id: W.emailSourceId,
        thread_id: email.thread_id,
        body: 're: subject',
      });

      expect([closing.closed, closedNow]).toEqual([false, true]);
      expect(again.code).toBe('thread_already_closed');
      expect([opening.closed, p.state.thread(email.thread_id).closed]).toEqual([true, false]);
      expect(reply.thread_id).toBe(email.thread_id);
      expect(refusal(() => p.threads.open(W.botUserId, email.thread_id)).code).toBe('thread_already_opened');
      expect(refusal(() => p.threads.close(W.noReadUserId, email.thread_id)).status).toBe(404);
    });
  });
});
