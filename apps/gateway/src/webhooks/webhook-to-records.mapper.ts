import {
  ENGAGE_EVENTS_SCHEMA_VERSION,
  type EngageEventRecordValue,
  RECORD_HEADERS,
  TOPICS,
  engageEventThreadId,
} from '@handover/contracts';
import { type OutgoingRecord } from '@handover/kafka';
import { type WebhookDelivery } from './webhook-delivery';

/**
 * One record per valid event, in delivery order, keyed by thread so a conversation stays on one
 * partition; an event without a thread (`content.thread_closed`, whose resource is the thread, or
 * an event type we do not route) is keyed by its resource id, and consumers pass it by.
 */
export function webhookToRecords(delivery: WebhookDelivery, receivedAt: Date): OutgoingRecord[] {
  const received = receivedAt.toISOString();
  return delivery.events.map((event) => {
    const value: EngageEventRecordValue = {
      ...event,
      envelope_id: delivery.id,
      domain_id: delivery.domain_id,
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
