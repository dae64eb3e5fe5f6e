import { EMERGENCY_EVENT_TYPES, type EmergencyEvent } from '@handover/contracts';
import { ConsumedRecordContext, InvalidRecordError, KafkaController } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { StatsStore } from './stats.store';

/** The emergency switches handover applied (on handover.events.v1, keyed "emergency"). */
@KafkaController()
export class EmergencyEventsKafkaController {
  @EventPattern([...EMERGENCY_EVENT_TYPES])
  onEmergencyEvent(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): void {
    const event = asEmergencyEvent(value);
    StatsStore.of(context.batch).addEmergency({
      eventId: event.event_id,
      commandId: event.command_id,
      active: event.type === 'emergency.activated',
      sourceIds: event.source_ids === null ? null : [...event.source_ids],
      reason: event.reason,
      actor: event.actor,
      occurredAt: new Date(event.occurred_at).toISOString(),
      threadsInScope: event.threads_in_scope ?? 0,
    });
  }
}

function asEmergencyEvent(value: unknown): EmergencyEvent {
  const event = value as Partial<EmergencyEvent> | null;
  const problems = (['type', 'event_id', 'command_id', 'reason', 'actor', 'occurred_at'] as const)
    .filter((field) => typeof event?.[field] !== 'string')
    .map((field) => `${field} must be a string`);
  const sourceIds: unknown = event?.source_ids;
  if (sourceIds !== null && !(Array.isArray(sourceIds) && sourceIds.every((id) => typeof id === 'string'))) {
    problems.push('source_ids must be null or an array of strings');
  }
  if (event?.threads_in_scope !== undefined && !Number.isInteger(event.threads_in_scope)) {
    problems.push('threads_in_scope must be an integer');
  }
  if (typeof event?.occurred_at === 'string' && Number.isNaN(Date.parse(event.occurred_at))) {
    problems.push('occurred_at must be a date-time');
  }
  if (problems.length > 0) {
    throw new InvalidRecordError(problems);
  }
  return event as EmergencyEvent;
}
