import { eventRecord } from '../topic-contract/event-record';
import { defineTopicContract, type TopicContract } from '../topic-contract/topic-contract';
import { TOPICS } from '../topics';
import { type EngageEventRecordValue, ENGAGE_EVENTS_SCHEMA_VERSION } from './engage-event-record';
import { engageEventProblems } from './engage-event.check';
import { engageEventThreadId } from './engage-event-thread-id.util';

/**
 * engage.events.v1: RCED's webhook events as delivered, of any type RCED sends (consumers pass by
 * the types they do not follow). Keyed by thread so a conversation stays on one partition; an event
 * without a thread (`content.thread_closed`, whose resource is the thread) by its resource id.
 */
export const ENGAGE_EVENTS: TopicContract<EngageEventRecordValue> = defineTopicContract({
  topic: TOPICS.engageEvents,
  eventTypes: null,
  problems: (value) => engageEventProblems(value),
  record: (event, receivedAt) =>
    eventRecord(TOPICS.engageEvents, ENGAGE_EVENTS_SCHEMA_VERSION, {
      key: engageEventThreadId(event) ?? String(event.resource.id),
      type: event.type,
      id: String(event.id),
      value: event,
      receivedAt,
    }),
});
