import { EngageClient } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/kafka';
import { type EntityManager } from 'typeorm';
import { EFFECT_KINDS, type UpdateCategoriesPayload } from '../routing/routing-effects';
import { publishEffectFailed } from './handover-effect-failed.publisher';

/**
 * `PUT /content_threads/{id}/update_categories` with the full new set. Sending it twice would
 * leave the same categories, but it would still be a second recategorization for one decision
 * (RCED may dispatch the task again): after an attempt whose outcome is unknown (timeout, crash),
 * the thread is read first and the call is only made again if its categories are not already set.
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

  async reconcile(
    effect: EffectToRun<UpdateCategoriesPayload>,
  ): Promise<Record<string, unknown> | undefined> {
    const thread = await this.client.getThread(effect.payload.threadId);
    const wanted = new Set(effect.payload.categoryIds);
    const current = new Set(thread.thread_category_ids);
    const applied = wanted.size === current.size && [...wanted].every((id) => current.has(id));
    return applied ? { categoryIds: thread.thread_category_ids, reconciled: true } : undefined;
  }

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<UpdateCategoriesPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }
}
