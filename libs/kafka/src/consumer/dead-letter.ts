import { type OutgoingRecord } from '../outgoing-record';
import { type ConsumedRecord } from './consumed-record';

export const DEAD_LETTER_HEADERS = {
  error: 'dlq-error',
  consumer: 'dlq-consumer',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  attempts: 'dlq-attempts',
} as const;

/** The poison record as it came, plus where it came from and why it was parked. */
export function deadLetterRecord(
  dlqTopic: string,
  consumer: string,
  record: ConsumedRecord,
  error: unknown,
  attempts: number,
): OutgoingRecord {
  return {
    topic: dlqTopic,
    key: record.key ?? `${record.topic}/${record.partition}`,
    value: record.rawValue,
    headers: {
      ...record.headers,
      [DEAD_LETTER_HEADERS.error]: describeError(error),
      [DEAD_LETTER_HEADERS.consumer]: consumer,
      [DEAD_LETTER_HEADERS.sourceTopic]: record.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(record.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: record.offset,
      [DEAD_LETTER_HEADERS.attempts]: String(attempts),
    },
  };
}

function describeError(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : (JSON.stringify(error) ?? String(error));
  return text.slice(0, 1_000);
}
