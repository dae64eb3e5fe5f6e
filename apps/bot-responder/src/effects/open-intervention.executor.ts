import { EngageApiError, EngageClient, type EngageIntervention } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/event-runtime';
import { type EntityManager } from 'typeorm';
import { type OpenInterventionPayload } from '../replies/reply.decider';
import { publishEffectFailed } from './effect-failed.publisher';

/**
 * Makes sure the bot holds the thread's open intervention before it replies (seed: replies count,
 * and the bot may close the intervention, only when it owns it). Opens one when there is none
 * (`POST /interventions` creates or reopens it as the token's user); takes over one an agent holds
 * (`PUT /interventions/{id}/reassign`): after a bot-first return the customer's message reopens the
 * agent's intervention, and RCED refuses a second open one (422). Each step reads before it writes,
 * so running it again after a crash changes nothing more.
 */
export class OpenInterventionExecutor implements EffectExecutor<Partial<OpenInterventionPayload>> {
  readonly kind = 'open_intervention';

  constructor(
    private readonly client: EngageClient,
    private readonly botUserId: string,
    private readonly agentCategoryId: string,
  ) {}

  async execute(effect: EffectToRun<Partial<OpenInterventionPayload>>): Promise<Record<string, unknown>> {
    const { contentId, interventionId } = effect.payload;
    if (interventionId) {
      const current = await this.client.getIntervention(interventionId);
      if (!current.closed) {
        return this.hold(current);
      }
    }
    try {
      return await this.hold(await this.client.createIntervention(contentId ?? ''));
    } catch (error) {
      if (!(error instanceof EngageApiError && error.status === 422)) {
        throw error;
      }
      // Already opened: by us on an earlier attempt, or by the customer's message reopening one.
      const open = await this.client.openInterventionOf(effect.sequenceKey);
      if (!open) {
        throw error;
      }
      return this.hold(open);
    }
  }

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<Partial<OpenInterventionPayload>>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }

  private async hold(intervention: EngageIntervention): Promise<Record<string, unknown>> {
    if (intervention.user_id === this.botUserId) {
      return { interventionId: intervention.id };
    }
    // Run late (a slow platform, a retry), this must never take an intervention from an agent who
    // now has the thread: only a thread RCED still gives the bot is taken over.
    const thread = await this.client.getThread(intervention.thread_id);
    if (thread.thread_category_ids.includes(this.agentCategoryId)) {
      return { interventionId: intervention.id, leftTo: intervention.user_id };
    }
    await this.client.reassignIntervention(intervention.id, this.botUserId);
    return { interventionId: intervention.id, takenOverFrom: intervention.user_id };
  }
}
