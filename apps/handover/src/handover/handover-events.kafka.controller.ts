import { THREAD_ROUTING_EVENT_TYPES, type ThreadRoutingEvent } from '@handover/contracts';
import { ConsumedRecordContext, InvalidRecordError, KafkaController } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RoutingService } from './routing.service';

/** Replay only (live does not subscribe): handover's own decisions rebuild the routing state. */
@KafkaController()
export class HandoverEventsKafkaController {
  constructor(private readonly routing: RoutingService) {}

  @EventPattern([...THREAD_ROUTING_EVENT_TYPES])
  async onRoutingEvent(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    await this.routing.onRoutingEvent(context.manager, asRoutingEvent(value));
  }
}

function asRoutingEvent(value: unknown): ThreadRoutingEvent {
  const event = value as Partial<ThreadRoutingEvent> | null;
  const missing = (['type', 'event_id', 'thread_id', 'occurred_at'] as const).filter(
    (field) => typeof event?.[field] !== 'string',
  );
  if (missing.length > 0) {
    throw new InvalidRecordError(missing.map((field) => `${field} must be a string`));
  }
  return event as ThreadRoutingEvent;
}
