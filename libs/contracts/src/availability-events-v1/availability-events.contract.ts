import { FieldChecks } from '../topic-contract/field-checks';
import { eventRecord, ownEventParts } from '../topic-contract/event-record';
import { defineTopicContract, type TopicContract } from '../topic-contract/topic-contract';
import { TOPICS } from '../topics';
import {
  AVAILABILITY_EVENT_TYPES,
  AVAILABILITY_EVENTS_SCHEMA_VERSION,
  type AvailabilityEvent,
} from './availability-event';

/** availability.events.v1, keyed by source id: a source's changes and snapshots stay in order. */
export const AVAILABILITY_EVENTS: TopicContract<AvailabilityEvent> = defineTopicContract({
  topic: TOPICS.availabilityEvents,
  eventTypes: AVAILABILITY_EVENT_TYPES,
  problems: (value, eventType) =>
    new FieldChecks(value)
      .oneOf('type', [eventType])
      .strings('event_id', 'source_id', 'channel_id')
      .instants('occurred_at')
      .count('available_agents')
      .stringArray('agent_ids').problems,
  record: (event) =>
    eventRecord(
      TOPICS.availabilityEvents,
      AVAILABILITY_EVENTS_SCHEMA_VERSION,
      ownEventParts(event.source_id, event),
    ),
});
