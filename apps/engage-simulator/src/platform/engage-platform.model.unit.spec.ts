import { EngagePlatform } from './engage-platform.model';
import { WALKTHROUGH as W } from './platform-seed';
import { PlatformError } from './platform.exception';
import { agentStatuses, findUsers, searchContents } from './platform.queries';
import { refusal, walkthroughPlatform } from './testing/platform.fixture';

function platform(strictReplies = true): EngagePlatform {
  return walkthroughPlatform({ strictReplies });
}

describe(EngagePlatform.name, () => {
  describe('receiveCustomerMessage', () => {
    it('should open a thread with the source default categories and record content.imported', () => {
      const p = platform();
      const content = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      expect(content.id).toMatch(/^[0-9a-f]{24}$/);
      expect(p.state.thread(content.thread_id).thread_category_ids).toEqual([W.botCategoryId]);
      const [event] = p.state.outbox;
      expect(p.state.outbox).toHaveLength(1);
      expect(event.id).toMatch(/^[0-9a-f]{24}$/);
      expect(event).toMatchObject({
        type: 'content.imported',
        issued_at: '2026-01-02T03:04:05.678Z',
        resource: { type: 'chat/message', id: content.id },
      });
      expect(event).not.toHaveProperty('user_id');
      expect(event.resource.metadata).toMatchObject({
        creator_id: null,
        created_from: 'synchronizer',
        category_ids: [W.botCategoryId],
        first_in_thread: true,
        private: true,
        status: 'new',
        has_attachment: false,
        source_type: 'chat',
        date: '2026-01-02',
      });
    });

    it('should reopen the closed intervention when the customer writes again', () => {
      const p = platform();
      const first = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      const intervention = p.interventions.open(W.botUserId, first.id);
      p.contents.create(W.botUserId, { body: 'hi', in_reply_to_id: first.id });
      p.interventions.close(W.botUserId, intervention.id);
      const again = p.contents.receiveCustomerMessage({
        source_id: W.sourceId,
        thread_id: first.thread_id,
        body: 'still there?',
      });
      expect(again.intervention_id).toBe(intervention.id);
      expect(again.status).toBe('assigned');
      expect(p.state.outbox.map((event) => event.type)).toEqual([
        'content.imported',
        'intervention.opened',
        'content.replied',
        'content.exported',
        'intervention.closed',
        'intervention.reopened',
        'content.imported',
      ]);
      expect(new Set(p.state.outbox.map((event) => event.id)).size).toBe(7);
    });

    it('should start a new thread with the source default categories when the customer writes on a closed thread', () => {
      const p = platform();
      const first = p.contents.receiveCustomerMessage({
        source_id: W.emailSourceId,
        body: 'hello',
        author_id: 'c0ffee',
      });
      const intervention = p.interventions.open(W.botUserId, first.id);
      p.contents.create(W.botUserId, { body: 'hi', in_reply_to_id: first.id });
      p.interventions.close(W.botUserId, intervention.id);
      p.threads.updateCategories(W.botUserId, first.thread_id, [W.agentCategoryId]);
      p.threads.close(W.botUserId, first.thread_id);
      const eventsBefore = p.state.outbox.length;

      const again = p.contents.receiveCustomerMessage({
        source_id: W.emailSourceId,
        thread_id: first.thread_id,
        body: 'one more thing',
        author_id: 'c0ffee',
      });

      expect(again.thread_id).not.toBe(first.thread_id);
      expect(again.intervention_id).toBeNull();
      expect(p.state.thread(first.thread_id).closed).toBe(true);
      expect(p.state.interventionsOf(first.thread_id)).toEqual([
        expect.objectContaining({ id: intervention.id, closed: true }),
      ]);
      expect(p.state.thread(again.thread_id)).toMatchObject({
        source_id: W.emailSourceId,
        closed: false,
        thread_category_ids: [W.botCategoryId],
      });
      const newEvents = p.state.outbox.slice(eventsBefore);
      expect(newEvents.map((event) => event.type)).toEqual(['content.imported']);
      expect(newEvents[0].resource.metadata).toMatchObject({
        thread_id: again.thread_id,
        first_in_thread: true,
        category_ids: [W.botCategoryId],
      });
    });

    it('should keep writing in an open thread after a closed one was replaced', () => {
      const p = platform();
      const first = p.contents.receiveCustomerMessage({ source_id: W.emailSourceId, body: 'subject' });
      p.threads.close(W.botUserId, first.thread_id);
      const second = p.contents.receiveCustomerMessage({
        source_id: W.emailSourceId,
        thread_id: first.thread_id,
        body: 're: subject',
      });

      const third = p.contents.receiveCustomerMessage({
        source_id: W.emailSourceId,
        thread_id: second.thread_id,
        body: 're: re: subject',
      });

      expect(third.thread_id).toBe(second.thread_id);
      expect(p.state.contentsOf(second.thread_id)).toHaveLength(2);
    });
  });

  describe('openIntervention', () => {
    it('should refuse a second open intervention on the thread with 422', () => {
      const p = platform();
      const content = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      p.interventions.open(W.botUserId, content.id);
      expect(refusal(() => p.interventions.open(W.botUserId, content.id))).toMatchObject({
        status: 422,
        code: 'intervention_already_opened',
      });
    });
  });

  describe('closeIntervention', () => {
    it('should refuse with 403 when there is no agent reply, another owner, or it is closed', () => {
      const p = platform();
      const content = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      const intervention = p.interventions.open(W.botUserId, content.id);
      expect(refusal(() => p.interventions.close(W.botUserId, intervention.id)).code).toBe(
        'intervention_without_agent_reply',
      );
      p.contents.create(W.botUserId, { body: 'hi', in_reply_to_id: content.id });
      expect(refusal(() => p.interventions.close(W.agentUserId, intervention.id)).status).toBe(403);
      expect(p.interventions.close(W.botUserId, intervention.id).closed).toBe(true);
      expect(refusal(() => p.interventions.close(W.botUserId, intervention.id)).code).toBe(
        'intervention_already_closed',
      );
    });
  });

  describe('createContent', () => {
    it('should require a body, and an open intervention for a reply in strict mode', () => {
      const p = platform();
      const content = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      expect(refusal(() => p.contents.create(W.botUserId, { in_reply_to_id: content.id })).status).toBe(422);
      expect(
        refusal(() => p.contents.create(W.botUserId, { body: 'hi', in_reply_to_id: content.id })).code,
      ).toBe('no_open_intervention');
    });

    it('should accept a reply without intervention when strict mode is off', () => {
      const p = platform(false);
      const content = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      const reply = p.contents.create(W.botUserId, { body: 'hi', in_reply_to_id: content.id, private: true });
      expect(reply).toMatchObject({
        creator_id: W.botUserId,
        author_id: W.botIdentityId,
        private_message: true,
      });
      expect(p.state.outbox.slice(-2).map(({ type, user_id }) => ({ type, user_id }))).toEqual([
        { type: 'content.replied', user_id: W.botUserId },
        { type: 'content.exported', user_id: W.botUserId },
      ]);
    });

    it('should refuse a reply on a closed thread with 403 cant_reply_to_closed_thread', () => {
      const p = platform(false);
      const content = p.contents.receiveCustomerMessage({ source_id: W.emailSourceId, body: 'hello' });
      p.threads.close(W.botUserId, content.thread_id);
      expect(
        refusal(() => p.contents.create(W.botUserId, { body: 'hi', in_reply_to_id: content.id })),
      ).toMatchObject({
        status: 403,
        code: 'cant_reply_to_closed_thread',
      });
    });
  });

  describe('updateThreadCategories', () => {
    it('should replace the set of thread categories (walkthrough example)', () => {
      const p = platform();
      const thread = p.threads.updateCategories(W.botUserId, W.threadId, [
        W.otherCategoryId,
        W.agentCategoryId,
      ]);
      expect(thread.thread_category_ids).toEqual([W.otherCategoryId, W.agentCategoryId]);
      expect(
        refusal(() => p.threads.updateCategories(W.botUserId, '000000000000000000000000', [])).status,
      ).toBe(404);
    });
  });

  describe('queries', () => {
    it('should filter users by category and contents by thread, and report connected agents', () => {
      const p = platform();
      const content = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
      p.interventions.open(W.agentUserId, content.id);
      p.presence.setAgentChannelStatus(W.agentUserId, W.channelId, 'available');
      expect(findUsers(p.state, { category_id: W.agentCategoryId }).map((u) => u.id)).toEqual([
        W.agent3UserId,
        W.agent2UserId,
        W.agentUserId,
      ]);
      expect(searchContents(p.state, W.botUserId, `thread:${content.thread_id}`)).toEqual([content]);
      expect(() => searchContents(p.state, W.botUserId, 'author:x')).toThrow(PlatformError);
      expect(agentStatuses(p.state)).toEqual([
        {
          agent_id: W.agentUserId,
          channels: [
            { id: W.channelId, name: 'Messaging', status: 'available', busyness: 'ok' },
            { id: W.emailChannelId, name: 'Email', status: null, busyness: 'unoccupied' },
            { id: W.socialChannelId, name: 'Social', status: null, busyness: 'unoccupied' },
          ],
          custom_status: null,
        },
      ]);
    });

    it('should filter users by team, members without the AGENT category included', () => {
      const p = platform();

      const team = findUsers(p.state, { team_id: W.agentTeamId }).map((u) => u.id);
      const teamAgents = findUsers(p.state, { team_id: W.agentTeamId, category_id: W.agentCategoryId });

      expect(team).toEqual([W.teamMemberUserId, W.agent3UserId]);
      expect(teamAgents.map((u) => u.id)).toEqual([W.agent3UserId]);
    });

    it('should report a pinned busyness until the status is set again without one', () => {
      const p = platform();
      p.presence.setAgentChannelStatus(W.agent2UserId, W.channelId, 'available', 'full');
      p.presence.setAgentChannelStatus(W.agent2UserId, W.emailChannelId, 'away', 'busy');
      const pinned = agentStatuses(p.state)[0].channels.map(({ status, busyness }) => [status, busyness]);

      p.presence.setAgentChannelStatus(W.agent2UserId, W.channelId, 'available');
      const unpinned = agentStatuses(p.state)[0].channels.map(({ busyness }) => busyness);
      p.presence.disconnectAgent(W.agent2UserId);
      p.presence.setAgentChannelStatus(W.agent2UserId, W.channelId, 'available');
      const reconnected = agentStatuses(p.state)[0].channels.map(({ busyness }) => busyness);

      expect(pinned).toEqual([
        ['available', 'full'],
        ['away', 'busy'],
        [null, 'unoccupied'],
      ]);
      expect(unpinned).toEqual(['unoccupied', 'busy', 'unoccupied']);
      expect(reconnected).toEqual(['unoccupied', 'unoccupied', 'unoccupied']);
    });
  });
});
