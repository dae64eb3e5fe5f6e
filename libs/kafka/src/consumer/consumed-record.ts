import { RECORD_HEADERS } from '@handover/contracts';
import { type KafkaMessage } from 'kafkajs';

/** One Kafka record as handlers see it: headers decoded, value parsed once. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** The `event-type` header: the pattern handlers subscribe to. */
  readonly eventType: string | null;
  /** The `event-id` header: the dedupe key (RCED redelivers an event in new records). */
  readonly eventId: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly rawValue: string;
  /** Parsed JSON, or undefined when the value is not JSON (the handler decides what that means). */
  readonly value: unknown;
}

export function toConsumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  const headers = decodeHeaders(message.headers);
  const rawValue = message.value?.toString('utf8') ?? '';
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    eventType: headers[RECORD_HEADERS.eventType] ?? null,
    eventId: headers[RECORD_HEADERS.eventId] ?? null,
    headers,
    rawValue,
    value: parseJson(rawValue),
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

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
