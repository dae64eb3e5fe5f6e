import {
  ENGAGE_EVENTS_SCHEMA_VERSION,
  type EngageEventRecordValue,
  RECORD_HEADERS,
  TOPICS,
  engageEventThreadId,
} from '@handover/contracts';
import { type OutgoingRecord } from '@handover/kafka';
import { type EngageWebhookEnvelope } from './engage-webhook-envelope.dto';

/** One record per event, in envelope order, keyed by thread so a conversation stays on one partition. */
export function webhookToRecords(envelope: EngageWebhookEnvelope, receivedAt: Date): OutgoingRecord[] {
  const received = receivedAt.toISOString();
  return envelope.events.map((event) => {
    const value: EngageEventRecordValue = {
      ...event,
      envelope_id: envelope.id,
      domain_id: envelope.domain_id,
    };
    return {
      topic: TOPICS.engageEvents.name,
      key: engageEventThreadId(event) ?? String(event.resource.id),
      value: JSON.stringify(value),
      headers: {
        [RECORD_HEADERS.eventType]: event.type,
        [RECORD_HEADERS.eventId]: String(event.id),
        [RECORD_HEADERS.schemaVersion]: ENGAGE_EVENTS_SCHEMA_VERSION,
        [RECORD_HEADERS.receivedAt]: received,
      },
    };
  });
}
