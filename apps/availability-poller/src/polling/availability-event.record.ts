import {
  AVAILABILITY_EVENTS_SCHEMA_VERSION,
  type AvailabilityEvent,
  RECORD_HEADERS,
  TOPICS,
} from '@handover/contracts';
import { type OutgoingRecord } from '@handover/kafka';

/** Keyed by source id: a source's changes and snapshots stay in order on one partition. */
export function availabilityEventRecord(event: AvailabilityEvent): OutgoingRecord {
  return {
    topic: TOPICS.availabilityEvents.name,
    key: event.source_id,
    value: JSON.stringify(event),
    headers: {
      [RECORD_HEADERS.eventType]: event.type,
      [RECORD_HEADERS.eventId]: event.event_id,
      [RECORD_HEADERS.schemaVersion]: AVAILABILITY_EVENTS_SCHEMA_VERSION,
    },
  };
}
