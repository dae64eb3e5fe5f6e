import { AVAILABILITY_EVENT_TYPES, type AvailabilityEvent } from '@handover/contracts';
import { ConsumedRecordContext, InvalidRecordError, KafkaController } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RoutingService } from '../handover/routing.service';

/** Agents came online or freed up: waiting threads are handed over, first come first served. */
@KafkaController()
export class AvailabilityEventsKafkaController {
  constructor(private readonly routing: RoutingService) {}

  @EventPattern([...AVAILABILITY_EVENT_TYPES])
  async onAvailability(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    await this.routing.onAvailability(context.manager, asAvailability(value));
  }
}

function asAvailability(value: unknown): AvailabilityEvent {
  const event = value as Partial<AvailabilityEvent> | null;
  const problems: string[] = (['event_id', 'source_id', 'occurred_at'] as const)
    .filter((field) => typeof event?.[field] !== 'string')
    .map((field) => `${field} must be a string`);
  if (!Number.isInteger(event?.available_agents) || (event?.available_agents ?? -1) < 0) {
    problems.push('available_agents must be a non-negative integer');
  }
  if (!Array.isArray(event?.agent_ids)) {
    problems.push('agent_ids must be an array');
  }
  if (problems.length > 0) {
    throw new InvalidRecordError(problems);
  }
  return event as AvailabilityEvent;
}
