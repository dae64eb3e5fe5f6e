import { InterventionCommentsModel } from './intervention-comments.model';
import { WALKTHROUGH as W } from './platform-seed';
import { refusal, walkthroughPlatform } from './testing/platform.fixture';

describe(InterventionCommentsModel.name, () => {
  function setUp() {
    const p = walkthroughPlatform();
    const message = p.contents.receiveCustomerMessage({ source_id: W.sourceId, body: 'hello' });
    const intervention = p.interventions.open(W.botUserId, message.id);
    return { p, intervention };
  }

  describe('create', () => {
    it("should create the comment as the token's user, with no content and no event", () => {
      const { p, intervention } = setUp();
      const eventsBefore = p.state.outbox.length;

      const comment = p.comments.create(W.botUserId, {
        body: 'Customer asked for a human',
        intervention_id: intervention.id,
        user_id: W.agentUserId,
      });

      expect(comment).toMatchObject({
        user_id: W.botUserId,
        intervention_id: intervention.id,
        thread_id: intervention.thread_id,
        body: 'Customer asked for a human',
      });
      expect(p.state.contents.size).toBe(1);
      expect(p.state.outbox).toHaveLength(eventsBefore);
    });

    it('should name the missing parameter (422), refuse an unknown user (422), and hide the intervention (404)', () => {
      const { p, intervention } = setUp();
      const full = { body: 'note', intervention_id: intervention.id, user_id: W.botUserId };

      const missing = (['body', 'intervention_id', 'user_id'] as const).map(
        (name) => refusal(() => p.comments.create(W.botUserId, { ...full, [name]: undefined })).message,
      );
      const unknownUser = refusal(() =>
        p.comments.create(W.botUserId, { ...full, user_id: '5c0000000000000000000999' }),
      );
      const unknownIntervention = refusal(() =>
        p.comments.create(W.botUserId, { ...full, intervention_id: '5c0000000000000000000999' }),
      );
      const unreadable = refusal(() => p.comments.create(W.noReadUserId, full));

      expect(missing).toEqual(['body is required', 'intervention_id is required', 'user_id is required']);
      expect(unknownUser.status).toBe(422);
      expect([unknownIntervention.status, unreadable.status]).toEqual([404, 404]);
    });
  });

  describe('delete', () => {
    it('should remove the comment and answer it; 404 after, and for a user who cannot read', () => {
      const { p, intervention } = setUp();
      const comment = p.comments.create(W.botUserId, {
        body: 'note',
        intervention_id: intervention.id,
        user_id: W.botUserId,
      });

      expect(refusal(() => p.comments.delete(W.noReadUserId, comment.id)).status).toBe(404);
      expect(p.comments.delete(W.agentUserId, comment.id).id).toBe(comment.id);
      expect(refusal(() => p.comments.get(W.botUserId, comment.id)).status).toBe(404);
    });
  });
});
