import { EngageApiError, EngageClient } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/kafka';
import { type EntityManager } from 'typeorm';
import { publishEffectFailed } from './effect-failed.publisher';

interface OpenInterventionPayload {
  contentId: string;
}

/**
 * Opens the intervention before the bot's first reply (seed: a bot reply outside an intervention
 * is not counted, and the bot could not close it). Retrying is safe: a second open is refused
 * with 422 "already opened", which means the first one worked.
 */
export class OpenInterventionExecutor implements EffectExecutor<OpenInterventionPayload> {
  readonly kind = 'open_intervention';

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<OpenInterventionPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }

  constructor(private readonly client: EngageClient) {}

  async execute(effect: EffectToRun<OpenInterventionPayload>): Promise<Record<string, unknown>> {
    try {
      const intervention = await this.client.createIntervention(effect.payload.contentId);
      return { interventionId: intervention.id };
    } catch (error) {
      if (error instanceof EngageApiError && error.status === 422) {
        return { alreadyOpen: true };
      }
      throw error;
    }
  }
}
