import { EngageApiError, EngageClient } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/kafka';
import { type EntityManager } from 'typeorm';
import { type CloseThreadPayload, EFFECT_KINDS } from '../routing/routing-effects';
import { publishEffectFailed } from './handover-effect-failed.publisher';

/**
 * `close-thread` policy: a closed thread cannot be reopened by the customer. RCED closes in an
 * asynchronous job: 409 "already being closed" is success, and a 403 is success only if the thread
 * is in fact closed (403 also means "cannot be closed" or "no permission", ENGAGE_API.md §2.6).
 */
export class CloseThreadExecutor implements EffectExecutor<CloseThreadPayload> {
  readonly kind = EFFECT_KINDS.closeThread;

  constructor(private readonly client: EngageClient) {}

  async execute(effect: EffectToRun<CloseThreadPayload>): Promise<Record<string, unknown>> {
    try {
      await this.client.closeThread(effect.payload.threadId);
      return { closed: true };
    } catch (error) {
      if (error instanceof EngageApiError && error.status === 409) {
        return { alreadyClosing: true };
      }
      if (error instanceof EngageApiError && error.status === 403) {
        const thread = await this.client.getThread(effect.payload.threadId);
        if (thread.closed) {
          return { alreadyClosed: true };
        }
      }
      throw error;
    }
  }

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<CloseThreadPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }
}
