import { EngageApiError, EngageClient } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/event-runtime';
import { type EntityManager } from 'typeorm';
import { type CloseThreadPayload, EFFECT_KINDS } from '../routing/routing-effects';
import { publishEffectFailed } from './handover-effect-failed.publisher';

export interface CloseThreadHooks {
  /** In the transaction that settles the call: RCED closed the thread, or refused to. */
  settled(manager: EntityManager, effect: EffectToRun<CloseThreadPayload>, closed: boolean): Promise<void>;
}

/**
 * `close-thread` policy: a closed thread cannot be reopened by the customer. RCED only closes threads
 * of some source types (SPEC closeThread: emails, Answers, Ideas, Messenger, Google+, Lithium, mobile
 * messaging; not chat), in an asynchronous job: 409 "already being closed" is success, and a 403 is
 * success only if the thread is in fact closed. A refusal is recorded and the thread stays with its
 * agents (as agent-first): our state never says "closed" when RCED said no.
 */
export class CloseThreadExecutor implements EffectExecutor<CloseThreadPayload> {
  readonly kind = EFFECT_KINDS.closeThread;
  /** A read before the write (or the author's handle, or the thread after a refusal). */
  readonly callsPerRun = 2;

  constructor(
    private readonly client: EngageClient,
    private readonly hooks: CloseThreadHooks,
  ) {}

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

  onDone(manager: EntityManager, effect: EffectToRun<CloseThreadPayload>): Promise<void> {
    return this.hooks.settled(manager, effect, true);
  }

  async onFailed(
    manager: EntityManager,
    effect: EffectToRun<CloseThreadPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    await publishEffectFailed(manager, effect, failure);
    await this.hooks.settled(manager, effect, false);
  }
}
