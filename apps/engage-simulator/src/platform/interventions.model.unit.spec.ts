import { InterventionsModel } from './interventions.model';
import { type EngagePlatform } from './engage-platform.model';
import { WALKTHROUGH as W } from './platform-seed';
import { type InterventionRecord } from './platform.types';
import { refusal, walkthroughPlatform } from './testing/platform.fixture';

/** A customer message under an intervention the bot opened and replied in. */
function botIntervention(p: EngagePlatform): InterventionRecord {
  const message = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
  const intervention = p.interventions.open(W.botUserId, message.id);
  p.contents.create(W.botUserId, { in_reply_to_id: message.id, body: 'hi' });
  return intervention;
}

describe(InterventionsModel.name, () => {
  describe('get', () => {
    it('should answer 404 to a user who cannot read its source', () => {
      const p = walkthroughPlatform();
      const intervention = botIntervention(p);

      expect(p.interventions.get(W.readOnlyUserId, intervention.id).id).toBe(intervention.id);
      expect(refusal(() => p.interventions.get(W.noReadUserId, intervention.id))).toMatchObject({
        status: 404,
        message: `Intervention ${intervention.id} not found`,
      });
    });
  });

  describe('close', () => {
    it('should let a user who may edit permissions close an intervention they do not own', () => {
      const p = walkthroughPlatform();
      const intervention = botIntervention(p);

      expect(refusal(() => p.interventions.close(W.agentUserId, intervention.id)).code).toBe(
        'not_intervention_owner',
      );
      expect(p.interventions.close(W.adminUserId, intervention.id)).toMatchObject({ closed: true });
      expect(p.state.outbox.at(-1)).toMatchObject({ type: 'intervention.closed', user_id: W.adminUserId });
    });

    it('should refuse with 403 an owner who cannot read the source', () => {
      const p = walkthroughPlatform();
      const intervention = botIntervention(p);
      p.interventions.reassign(W.botUserId, intervention.id, W.noReadUserId);

      expect(refusal(() => p.interventions.close(W.noReadUserId, intervention.id))).toMatchObject({
        status: 403,
        code: 'source_not_readable',
      });
    });
  });

  describe('reassign', () => {
    it('should change the owner and fire intervention.user_updated by the token user', () => {
      const p = walkthroughPlatform();
      const intervention = botIntervention(p);

      const reassigned = p.interventions.reassign(W.botUserId, intervention.id, W.agent2UserId);

      expect(reassigned.user_id).toBe(W.agent2UserId);
      expect(p.state.outbox.at(-1)).toMatchObject({
        type: 'intervention.user_updated',
        user_id: W.botUserId,
        resource: { type: 'intervention', id: intervention.id, metadata: { user_id: W.agent2UserId } },
      });
    });

    it('should refuse a missing or unknown user with 422 and a closed intervention with 403', () => {
      const p = walkthroughPlatform();
      const intervention = botIntervention(p);

      const missing = refusal(() => p.interventions.reassign(W.botUserId, intervention.id, undefined));
      const unknown = refusal(() =>
        p.interventions.reassign(W.botUserId, intervention.id, '5c0000000000000000000999'),
      );
      p.interventions.close(W.botUserId, intervention.id);
      const closed = refusal(() => p.interventions.reassign(W.botUserId, intervention.id, W.agentUserId));

      expect([missing.status, missing.message]).toEqual([422, 'user_id is required']);
      expect(unknown.status).toBe(422);
      expect(closed).toMatchObject({ status: 403, code: 'intervention_already_closed' });
    });
  });

  describe('reopenByAgent', () => {
    it('should reopen a closed intervention for the agent and refuse an open one', () => {
      const p = walkthroughPlatform();
      const intervention = botIntervention(p);
      const stillOpen = refusal(() => p.interventions.reopenByAgent(W.agentUserId, intervention.id));
      p.interventions.close(W.botUserId, intervention.id);

      const reopened = p.interventions.reopenByAgent(W.agentUserId, intervention.id);

      expect(stillOpen).toMatchObject({ status: 403, code: 'intervention_not_closed' });
      expect(reopened).toMatchObject({ closed: false, closed_at: null, user_id: W.agentUserId });
      expect(p.state.outbox.at(-1)).toMatchObject({ type: 'intervention.reopened', user_id: W.agentUserId });
    });
  });
});
