import { findInterventionComments, findInterventions } from './interventions.queries';
import { WALKTHROUGH as W } from './platform-seed';
import { findSources } from './platform.queries';
import { refusal, walkthroughPlatform } from './testing/platform.fixture';

describe('intervention queries', () => {
  function twoInterventions() {
    const p = walkthroughPlatform();
    const first = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'one' });
    const second = p.contents.receiveCustomerMessage({ source_id: W.emailSourceId, body: 'two' });
    const a = p.interventions.open(W.botUserId, first.id);
    p.contents.create(W.botUserId, { in_reply_to_id: first.id, body: 'hi' });
    p.interventions.close(W.botUserId, a.id);
    const b = p.interventions.open(W.agentUserId, second.id);
    return { p, a, b };
  }

  describe('findInterventions', () => {
    it('should list newest first and filter by thread, user and status', () => {
      const { p, a, b } = twoInterventions();
      const ids = (filter: Parameters<typeof findInterventions>[2]): string[] =>
        findInterventions(p.state, W.botUserId, filter).map((item) => item.id);

      expect(ids({})).toEqual([b.id, a.id]);
      expect(ids({ thread_id: a.thread_id })).toEqual([a.id]);
      expect(ids({ user_id: W.agentUserId })).toEqual([b.id]);
      expect(ids({ status: 'closed' })).toEqual([a.id]);
      expect([ids({ status: 'opened' }), ids({ status: 'active' }), ids({ status: 'reopened' })]).toEqual([
        [b.id],
        [b.id],
        [b.id],
      ]);
      expect(ids({ status: 'deferred' })).toEqual([]);
      expect(refusal(() => findInterventions(p.state, W.botUserId, { status: 'pending' })).status).toBe(422);
      expect(findInterventions(p.state, W.noReadUserId, {})).toEqual([]);
    });
  });

  describe('findInterventionComments', () => {
    it('should filter by intervention, thread, user and the intervention identity, newest first', () => {
      const { p, a, b } = twoInterventions();
      const note = (userId: string, interventionId: string): string =>
        p.comments.create(userId, { body: 'n', intervention_id: interventionId, user_id: userId }).id;
      const c1 = note(W.botUserId, a.id);
      const c2 = note(W.agentUserId, b.id);
      const c3 = note(W.botUserId, b.id);
      const ids = (filter: Parameters<typeof findInterventionComments>[2]): string[] =>
        findInterventionComments(p.state, W.botUserId, filter).map((item) => item.id);

      expect(ids({})).toEqual([c3, c2, c1]);
      expect(ids({ intervention_id: b.id })).toEqual([c3, c2]);
      expect(ids({ thread_id: a.thread_id })).toEqual([c1]);
      expect(ids({ user_id: W.agentUserId })).toEqual([c2]);
      expect(ids({ identity_id: a.identity_id })).toEqual([c1]);
      expect(findInterventionComments(p.state, W.noReadUserId, {})).toEqual([]);
    });
  });

  describe('findSources', () => {
    it('should list readable sources in creation order, by active state and permission', () => {
      const p = walkthroughPlatform();
      p.sources.update(W.twitterSourceId, { active: false });

      const ids = (userId: string, filter: Parameters<typeof findSources>[2]): string[] =>
        findSources(p.state, userId, filter).map((source) => source.id);

      expect(ids(W.botUserId, {})).toEqual([
        W.sourceId,
        W.emailSourceId,
        W.twitterSourceId,
        W.secondChatSourceId,
      ]);
      expect(ids(W.botUserId, { active: false })).toEqual([W.twitterSourceId]);
      expect(ids(W.noReadUserId, {})).toEqual([]);
      expect(ids(W.readOnlyUserId, { permission: 'initiate_discussion' })).toEqual([]);
      expect(refusal(() => findSources(p.state, W.botUserId, { permission: 'write' })).status).toBe(422);
    });
  });
});
