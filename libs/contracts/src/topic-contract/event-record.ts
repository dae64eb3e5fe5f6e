import { RECORD_HEADERS } from '../record-headers';
import { type TopicDeclaration } from '../topics';
import { type EventRecord } from './topic-contract';

export interface RecordParts {
  key: string;
  type: string;
  id: string;
  /** Serialized as JSON, as it is. */
  value: object;
  /** When the system took the event in: the `received-at` header. */
  receivedAt?: string;
}

/** A record of one of our topics: the value as JSON, its type, id and schema version as headers. */
export function eventRecord(topic: TopicDeclaration, schemaVersion: string, parts: RecordParts): EventRecord {
  return {
    topic: topic.name,
    key: parts.key,
    value: JSON.stringify(parts.value),
    headers: {
      [RECORD_HEADERS.eventType]: parts.type,
      [RECORD_HEADERS.eventId]: parts.id,
      [RECORD_HEADERS.schemaVersion]: schemaVersion,
      ...(parts.receivedAt === undefined ? {} : { [RECORD_HEADERS.receivedAt]: parts.receivedAt }),
    },
  };
}

/** The parts of an event that carries its own type and id, as all our events but commands do. */
export function ownEventParts(key: string, event: { type: string; event_id: string }): RecordParts {
  return { key, type: event.type, id: event.event_id, value: event };
}
