import { type OutgoingRecord } from '@handover/kafka';
import { type ConsumedRecord } from './consumed-record';
import { storableText } from './storable-text.util';

export const DEAD_LETTER_HEADERS = {
  error: 'dlq-error',
  consumer: 'dlq-consumer',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  attempts: 'dlq-attempts',
  /** `false` when the value could not be stored as it was and is left out (see the parked row). */
  valueKept: 'dlq-value-kept',
} as const;

/**
 * The poison record as it came, plus where it came from and why it was parked. It goes through the
 * outbox (Postgres), so U+0000 in its text is replaced (storableText); with `keepValue` false the
 * value and the record's own headers are left out, for a record that cannot be stored even so.
 */
export function deadLetterRecord(
  dlqTopic: string,
  consumer: string,
  record: ConsumedRecord,
  reason: string,
  attempts: number,
  keepValue = true,
): OutgoingRecord {
  const headers: Record<string, string> = {};
  if (keepValue) {
    for (const name of Object.keys(record.headers)) {
      headers[storableText(name)] = storableText(record.headers[name]);
    }
  }
  return {
    topic: dlqTopic,
    key: storableText(record.key ?? `${record.topic}/${record.partition}`),
    value: keepValue ? storableText(record.rawValue) : '',
    headers: {
      ...headers,
      [DEAD_LETTER_HEADERS.error]: storableText(reason),
      [DEAD_LETTER_HEADERS.consumer]: consumer,
      [DEAD_LETTER_HEADERS.sourceTopic]: record.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(record.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: record.offset,
      [DEAD_LETTER_HEADERS.attempts]: String(attempts),
      [DEAD_LETTER_HEADERS.valueKept]: String(keepValue),
    },
  };
}

/** Why a record failed, in at most 1,000 characters. */
export function describeFailure(error: unknown): string {
  let text: string;
  try {
    text =
      error instanceof Error ? `${error.name}: ${error.message}` : (JSON.stringify(error) ?? String(error));
  } catch {
    text = String(error);
  }
  return text.slice(0, 1_000);
}
