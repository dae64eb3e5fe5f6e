import { EngageClient } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/event-runtime';
import { type EntityManager } from 'typeorm';
import { EFFECT_KINDS, type UpdateCategoriesPayload } from '../routing/routing-effects';
import { type RoutingPolicy } from '../routing/routing-policy';
import { recategorized, sameCategories } from '../routing/routing.decider';
import { publishEffectFailed } from './handover-effect-failed.publisher';

export interface RecategorizationHooks {
  /** In the transaction that marks it done: what the call applied on RCED, and when. */
  applied(manager: EntityManager, threadId: string, categoryIds: string[], at: Date): Promise<void>;
  /** In the transaction that marks it failed for good: routing gets out of the move that never happened. */
  failed(manager: EntityManager, effect: EffectToRun<UpdateCategoriesPayload>): Promise<void>;
}

/**
 * `PUT /content_threads/{id}/update_categories` with the full new set. RCED's categories are the
 * truth (agents move threads by hand too): the thread is read first (`GET /content_threads/{id}`,
 * as the Bot Framework adapter does) and the new set computed from what is there, minus the other
 * handover category, plus the target. Nothing is sent when the thread already holds exactly that:
 * running it again after a crash never makes a second recategorization.
 */
export class UpdateCategoriesExecutor implements EffectExecutor<UpdateCategoriesPayload> {
  readonly kind = EFFECT_KINDS.updateCategories;
  /** A read before the write (or the author's handle, or the thread after a refusal). */
  readonly callsPerRun = 2;

  constructor(
    private readonly client: EngageClient,
    private readonly policy: Pick<RoutingPolicy, 'botCategoryId' | 'agentCategoryId'>,
    private readonly hooks: RecategorizationHooks,
  ) {}

  async execute(effect: EffectToRun<UpdateCategoriesPayload>): Promise<Record<string, unknown>> {
    const { threadId, target, categoryIds } = effect.payload;
    const thread = await this.client.getThread(threadId);
    const current = thread.thread_category_ids ?? [];
    const wanted =
      target === undefined
        ? categoryIds
        : recategorized(
            current,
            target === 'AGENT' ? this.policy.agentCategoryId : this.policy.botCategoryId,
            this.policy,
          );
    if (sameCategories(current, wanted)) {
      return { categoryIds: current, unchanged: true, appliedAt: new Date().toISOString() };
    }
    const updated = await this.client.updateThreadCategories(threadId, wanted);
    return { categoryIds: updated.thread_category_ids ?? wanted, appliedAt: new Date().toISOString() };
  }

  async onDone(
    manager: EntityManager,
    effect: EffectToRun<UpdateCategoriesPayload>,
    result: Record<string, unknown>,
  ): Promise<void> {
    const categoryIds = Array.isArray(result.categoryIds) ? result.categoryIds.map(String) : [];
    await this.hooks.applied(
      manager,
      effect.payload.threadId,
      categoryIds,
      new Date(String(result.appliedAt)),
    );
  }

  async onFailed(
    manager: EntityManager,
    effect: EffectToRun<UpdateCategoriesPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    await publishEffectFailed(manager, effect, failure);
    await this.hooks.failed(manager, effect);
  }
}
