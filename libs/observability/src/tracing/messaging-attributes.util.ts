import { type Attributes } from '@opentelemetry/api';

/** What a messaging span says of its record, by OpenTelemetry's messaging conventions for Kafka. */
export interface MessagingRecord {
  readonly topic: string;
  readonly key: string | null;
  /** Our `event-id` header: an id, never content. */
  readonly eventId?: string | null;
  readonly eventType?: string | null;
}

/**
 * Span attributes of a Kafka `send` or `process`. Ids and names only: a record's value (customer
 * text) never goes into a span.
 */
export function messagingAttributes(operation: 'send' | 'process', record: MessagingRecord): Attributes {
  const attributes: Attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': operation,
    'messaging.operation.name': operation,
    'messaging.destination.name': record.topic,
  };
  if (record.key !== null) {
    attributes['messaging.kafka.message.key'] = record.key;
  }
  if (record.eventId !== undefined && record.eventId !== null) {
    attributes['messaging.message.id'] = record.eventId;
  }
  if (record.eventType !== undefined && record.eventType !== null) {
    attributes['handover.event.type'] = record.eventType;
  }
  return attributes;
}
