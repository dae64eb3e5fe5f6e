import { type ThreadHandedOverEvent, type ThreadReturnedToBotEvent } from '@handover/contracts';
import { ConsumedRecordContext, InvalidRecordError, KafkaController } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { evolveWithMove } from './thread-facts.evolve';
import { latest } from './thread-state';
import { ThreadStore } from './thread.store';

/**
 * What handover did to a thread. Any recategorization makes the categories the bot knew stale (the
 * next message without `category_ids` reads them). A return to the bot also ends its handover
 * request: after an agent's intervention the categories say so too, but a WAITING thread whose wait
 * ended keeps BOT all along, and only this event tells the bot it may answer again.
 */
@KafkaController()
export class HandoverEventsKafkaController {
  @EventPattern(['thread.returned_to_bot', 'thread.handed_over'])
  async onRouted(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    const event = asRouted(value);
    const threads = ThreadStore.of(context.batch);
    const state = evolveWithMove(await threads.get(event.thread_id), event.occurred_at);
    threads.setRouting(
      event.type === 'thread.returned_to_bot'
        ? { ...state, returnedToBotAt: latest(state.returnedToBotAt, event.occurred_at) }
        : state,
    );
  }
}

function asRouted(value: unknown): ThreadReturnedToBotEvent | ThreadHandedOverEvent {
  const event = value as Partial<ThreadReturnedToBotEvent | ThreadHandedOverEvent> | null;
  const missing = (['type', 'thread_id', 'occurred_at'] as const).filter(
    (field) => typeof event?.[field] !== 'string',
  );
  if (missing.length > 0) {
    throw new InvalidRecordError(missing.map((field) => `${field} must be a string`));
  }
  return event as ThreadReturnedToBotEvent | ThreadHandedOverEvent;
}
