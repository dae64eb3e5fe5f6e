import {
  BOT_EVENTS_SCHEMA_VERSION,
  type BotEffectFailedEvent,
  type BotEvent,
  type BotThreadReadEvent,
  RECORD_HEADERS,
  TOPICS,
} from '@handover/contracts';
import { type OutgoingRecord } from '@handover/kafka';

/** Anything bot-responder publishes on bot.events.v1, keyed by its thread. */
export function botEventRecord(event: BotEvent | BotThreadReadEvent | BotEffectFailedEvent): OutgoingRecord {
  return {
    topic: TOPICS.botEvents.name,
    key: event.thread_id,
    value: JSON.stringify(event),
    headers: {
      [RECORD_HEADERS.eventType]: event.type,
      [RECORD_HEADERS.eventId]: event.event_id,
      [RECORD_HEADERS.schemaVersion]: BOT_EVENTS_SCHEMA_VERSION,
    },
  };
}
