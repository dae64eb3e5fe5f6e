import { AVAILABILITY_EVENT_TYPES, type AvailabilityEvent } from '@handover/contracts';
import { ConsumedRecordContext, InvalidRecordError, KafkaController } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { StatsStore } from './stats.store';

/** What availability-poller saw per source: the dashboard's availability panel. */
@KafkaController()
export class AvailabilityEventsKafkaController {
  @EventPattern([...AVAILABILITY_EVENT_TYPES])
  onAvailabilityEvent(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): void {
    const event = asAvailabilityEvent(value);
    StatsStore.of(context.batch).addAvailability({
      sourceId: event.source_id,
      channelId: event.channel_id,
      availableAgents: event.available_agents,
      agentIds: [...event.agent_ids],
      observedAt: new Date(event.occurred_at).toISOString(),
      eventId: event.event_id,
    });
  }
}

function asAvailabilityEvent(value: unknown): AvailabilityEvent {
  const event = value as Partial<AvailabilityEvent> | null;
  const problems = (['event_id', 'source_id', 'channel_id', 'occurred_at'] as const)
    .filter((field) => typeof event?.[field] !== 'string')
    .map((field) => `${field} must be a string`);
  if (!Number.isInteger(event?.available_agents) || (event?.available_agents ?? -1) < 0) {
    problems.push('available_agents must be a non-negative integer');
  }
  if (!Array.isArray(event?.agent_ids) || !event.agent_ids.every((id) => typeof id === 'string')) {
    problems.push('agent_ids must be an array of strings');
  }
  if (typeof event?.occurred_at === 'string' && Number.isNaN(Date.parse(event.occurred_at))) {
    problems.push('occurred_at must be a date-time');
  }
  if (problems.length > 0) {
    throw new InvalidRecordError(problems);
  }
  return event as AvailabilityEvent;
}
