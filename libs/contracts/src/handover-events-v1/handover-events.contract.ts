import { FieldChecks } from '../topic-contract/field-checks';
import { eventRecord, ownEventParts } from '../topic-contract/event-record';
import { defineTopicContract, type TopicContract } from '../topic-contract/topic-contract';
import { TOPICS } from '../topics';
import {
  EMERGENCY_EVENT_TYPES,
  EMERGENCY_EVENTS_KEY,
  EMERGENCY_SOURCE_DEFAULTS_CHANGED,
  type HandoverEvent,
  HANDOVER_EVENTS_SCHEMA_VERSION,
  THREAD_ROUTING_EVENT_TYPES,
} from './handover-event';

const EMERGENCY_TYPES: readonly string[] = [...EMERGENCY_EVENT_TYPES, EMERGENCY_SOURCE_DEFAULTS_CHANGED];

/** handover.events.v1: routing decisions keyed by thread id, emergency events keyed "emergency". */
export const HANDOVER_EVENTS: TopicContract<HandoverEvent> = defineTopicContract({
  topic: TOPICS.handoverEvents,
  eventTypes: [...THREAD_ROUTING_EVENT_TYPES, ...EMERGENCY_TYPES],
  problems(value, eventType) {
    const checks = new FieldChecks(value)
      .oneOf('type', [eventType])
      .strings('event_id')
      .instants('occurred_at');
    if (eventType === EMERGENCY_SOURCE_DEFAULTS_CHANGED) {
      return checks
        .strings('command_id', 'source_id')
        .stringArray('category_ids_before')
        .stringArray('category_ids_after').problems;
    }
    if (EMERGENCY_TYPES.includes(eventType)) {
      return checks
        .strings('command_id', 'reason', 'actor')
        .stringArray('source_ids', { nullable: true })
        .count('threads_in_scope', { optional: true }).problems;
    }
    return checks.strings('thread_id').problems;
  },
  record: (event) =>
    eventRecord(
      TOPICS.handoverEvents,
      HANDOVER_EVENTS_SCHEMA_VERSION,
      ownEventParts('thread_id' in event ? event.thread_id : EMERGENCY_EVENTS_KEY, event),
    ),
});
