import { type ThreadReturnedToBotEvent } from '@handover/contracts';
import { ConsumedRecordContext, InvalidRecordError, KafkaController } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { latest } from './thread-state';
import { ThreadStore } from './thread.store';

/**
 * Handover gave a thread back to the bot. After an agent's intervention the thread's categories
 * say so too; a WAITING thread whose wait ended keeps BOT all along, and only this event tells the
 * bot its handover request is over and it may answer again.
 */
@KafkaController()
export class HandoverEventsKafkaController {
  @EventPattern('thread.returned_to_bot')
  async onReturnedToBot(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    const event = asReturned(value);
    const threads = ThreadStore.of(context.batch);
    const state = await threads.get(event.thread_id);
    threads.setRouting({ ...state, returnedToBotAt: latest(state.returnedToBotAt, event.occurred_at) });
  }
}

function asReturned(value: unknown): ThreadReturnedToBotEvent {
  const event = value as Partial<ThreadReturnedToBotEvent> | null;
  const missing = (['thread_id', 'occurred_at'] as const).filter(
    (field) => typeof event?.[field] !== 'string',
  );
  if (missing.length > 0) {
    throw new InvalidRecordError(missing.map((field) => `${field} must be a string`));
  }
  return event as ThreadReturnedToBotEvent;
}
