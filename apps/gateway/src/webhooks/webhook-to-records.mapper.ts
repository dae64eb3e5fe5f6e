import { ENGAGE_EVENTS, type EngageEventRecordValue } from '@handover/contracts';
import { type OutgoingRecord } from '@handover/kafka';
import { type WebhookDelivery } from './webhook-delivery';

/**
 * One record per valid event, in delivery order, built by engage.events.v1's contract: keyed by
 * thread so a conversation stays on one partition; an event without a thread
 * (`content.thread_closed`, whose resource is the thread, or an event type we do not route) is keyed
 * by its resource id, and consumers pass it by.
 */
export function webhookToRecords(delivery: WebhookDelivery, receivedAt: Date): OutgoingRecord[] {
  const received = receivedAt.toISOString();
  return delivery.events.map((event) => {
    const value: EngageEventRecordValue = {
      ...event,
      envelope_id: delivery.id,
      domain_id: delivery.domain_id,
    };
    return ENGAGE_EVENTS.record(value, received);
  });
}
