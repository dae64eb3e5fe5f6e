import { BOT_THREAD_READ, type BotThreadReadEvent, BOT_EVENTS } from '@handover/contracts';
import { EngageClient } from '@handover/engage-client';
import {
  appendToOutbox,
  type EffectExecutor,
  type EffectFailure,
  type EffectToRun,
} from '@handover/event-runtime';
import { type EntityManager } from 'typeorm';
import { READ_THREAD_KIND, type ReadThreadPayload } from '../replies/read-thread';
import { publishEffectFailed } from './effect-failed.publisher';

/**
 * Reads a thread's categories (`GET /content_threads/{id}`, `thread_category_ids`) for a message
 * that came without them, and hands them back to the consumer as `bot.thread_read` on the thread's
 * key, so the message is decided in order with the rest of the thread.
 */
export class ReadThreadExecutor implements EffectExecutor<ReadThreadPayload> {
  readonly kind = READ_THREAD_KIND;

  constructor(private readonly client: EngageClient) {}

  async execute(effect: EffectToRun<ReadThreadPayload>): Promise<Record<string, unknown>> {
    const thread = await this.client.getThread(effect.payload.threadId);
    return { categoryIds: thread.thread_category_ids ?? [], readAt: new Date().toISOString() };
  }

  async onDone(
    manager: EntityManager,
    effect: EffectToRun<ReadThreadPayload>,
    result: Record<string, unknown>,
  ): Promise<void> {
    await appendToOutbox(manager, [
      BOT_EVENTS.record(threadRead(effect, result.categoryIds as string[], String(result.readAt))),
    ]);
  }

  /** The waiting message is then not answered, and says why: RCED could not tell its categories. */
  async onFailed(
    manager: EntityManager,
    effect: EffectToRun<ReadThreadPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    await publishEffectFailed(manager, effect, failure);
    await appendToOutbox(manager, [BOT_EVENTS.record(threadRead(effect, null, new Date().toISOString()))]);
  }
}

function threadRead(
  effect: EffectToRun<ReadThreadPayload>,
  categoryIds: string[] | null,
  readAt: string,
): BotThreadReadEvent {
  return {
    type: BOT_THREAD_READ,
    event_id: `${BOT_THREAD_READ}:${effect.payload.contentId}`,
    thread_id: effect.payload.threadId,
    content_id: effect.payload.contentId,
    category_ids: categoryIds,
    read_at: readAt,
  };
}
