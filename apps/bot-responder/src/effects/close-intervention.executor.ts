import { EngageApiError, EngageClient } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/event-runtime';
import { type DataSource, type EntityManager } from 'typeorm';
import { type CloseInterventionPayload } from '../replies/reply.decider';
import { publishEffectFailed } from './effect-failed.publisher';

/** Closes the bot's intervention once the conversation is resolved. Closing twice is refused with 403. */
export class CloseInterventionExecutor implements EffectExecutor<CloseInterventionPayload> {
  readonly kind = 'close_intervention';

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<CloseInterventionPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }

  constructor(
    private readonly client: EngageClient,
    private readonly dataSource: DataSource,
  ) {}

  async execute(effect: EffectToRun<CloseInterventionPayload>): Promise<Record<string, unknown>> {
    const interventionId = await this.interventionOf(effect.payload.replyEffectId);
    if (interventionId === null) {
      throw new MissingInterventionError(effect.payload.threadId);
    }
    try {
      await this.client.closeIntervention(interventionId);
      return { interventionId };
    } catch (error) {
      if (error instanceof EngageApiError && error.body?.error === 'intervention_already_closed') {
        return { interventionId, alreadyClosed: true };
      }
      throw error;
    }
  }

  private async interventionOf(replyEffectId: string): Promise<string | null> {
    const rows: Array<{ intervention_id: string | null }> = await this.dataSource.query(
      `SELECT result->>'interventionId' AS intervention_id FROM effect WHERE id = $1 AND status = 'done'`,
      [replyEffectId],
    );
    return rows[0]?.intervention_id ?? null;
  }
}

export class MissingInterventionError extends Error {
  readonly retriable = false;

  constructor(threadId: string) {
    super(`No intervention known for the bot's reply on thread ${threadId}: nothing to close`);
    this.name = 'MissingInterventionError';
  }
}
