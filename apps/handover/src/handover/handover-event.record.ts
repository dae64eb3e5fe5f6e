import {
  EMERGENCY_EVENTS_KEY,
  type EmergencyEvent,
  type EmergencySourceDefaultsEvent,
  HANDOVER_EVENTS_SCHEMA_VERSION,
  RECORD_HEADERS,
  TOPICS,
  type ThreadRoutingEvent,
} from '@handover/contracts';
import { type OutgoingRecord } from '@handover/kafka';

export function routingEventRecord(event: ThreadRoutingEvent): OutgoingRecord {
  return record(event.thread_id, event);
}

export function emergencyEventRecord(event: EmergencyEvent | EmergencySourceDefaultsEvent): OutgoingRecord {
  return record(EMERGENCY_EVENTS_KEY, event);
}

function record(
  key: string,
  event: ThreadRoutingEvent | EmergencyEvent | EmergencySourceDefaultsEvent,
): OutgoingRecord {
  return {
    topic: TOPICS.handoverEvents.name,
    key,
    value: JSON.stringify(event),
    headers: {
      [RECORD_HEADERS.eventType]: event.type,
      [RECORD_HEADERS.eventId]: event.event_id,
      [RECORD_HEADERS.schemaVersion]: HANDOVER_EVENTS_SCHEMA_VERSION,
    },
  };
}
