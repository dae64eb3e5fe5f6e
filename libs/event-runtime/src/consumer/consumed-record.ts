import { RECORD_HEADERS } from '@handover/contracts';
import { type KafkaMessage } from 'kafkajs';
import { storableEventId } from './storable-text.util';

/** One Kafka record as handlers see it: headers decoded. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** The `event-type` header: the pattern handlers subscribe to. */
  readonly eventType: string | null;
  /** The `event-id` header, storable (storableEventId): the dedupe key (RCED redelivers an event in new records). */
  readonly eventId: string | null;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The value as text. Handlers get it parsed, as their payload: it is parsed when the record is
   * dispatched and not kept with the batch, so a batch's parsed values die young instead of being
   * copied by every garbage collection the batch's database round trips live through.
   */
  readonly rawValue: string;
}

export function toConsumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  const headers = decodeHeaders(message.headers);
  const eventId = headers[RECORD_HEADERS.eventId];
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    eventType: headers[RECORD_HEADERS.eventType] ?? null,
    eventId: eventId === undefined ? null : storableEventId(eventId),
    headers,
    rawValue: message.value?.toString('utf8') ?? '',
  };
}

function decodeHeaders(headers: KafkaMessage['headers']): Record<string, string> {
  const decoded: Record<string, string> = {};
  if (headers === undefined) {
    return decoded;
  }
  // Object.keys, not Object.entries: no [name, value] array per header of every record.
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) {
      decoded[name] = first.toString();
    }
  }
  return decoded;
}

/** Parsed JSON, or undefined when the value is not JSON (the handler decides what that means). */
export function parseJsonValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
