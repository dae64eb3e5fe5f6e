import { EngageClient } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/kafka';
import { type EntityManager } from 'typeorm';
import { EFFECT_KINDS, type UpdateCategoriesPayload } from '../routing/routing-effects';
import { publishEffectFailed } from './handover-effect-failed.publisher';

/**
 * `PUT /content_threads/{id}/update_categories` with the full new set: replaying it sets the same
 * categories again, so a retry after an unknown outcome needs no reconcile.
 */
export class UpdateCategoriesExecutor implements EffectExecutor<UpdateCategoriesPayload> {
  readonly kind = EFFECT_KINDS.updateCategories;

  constructor(private readonly client: EngageClient) {}

  async execute(effect: EffectToRun<UpdateCategoriesPayload>): Promise<Record<string, unknown>> {
    const thread = await this.client.updateThreadCategories(
      effect.payload.threadId,
      effect.payload.categoryIds,
    );
    return { categoryIds: thread.thread_category_ids ?? effect.payload.categoryIds };
  }

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<UpdateCategoriesPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }
}
