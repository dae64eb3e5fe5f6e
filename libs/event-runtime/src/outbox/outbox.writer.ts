import { activeTraceHeaders } from '@handover/observability';
import { type EntityManager } from 'typeorm';
import { noteWrite } from '../database/transaction-writes';
import { writeBlind } from '../database/write-behind';
import { type OutgoingRecord } from '@handover/kafka';

/**
 * Queues records for the relay, in the caller's transaction: they exist only if it commits. When
 * tracing is on, their headers keep the span they were written in (traceparent, tracestate): the
 * relay's send span, and the consumers' spans after it, continue that trace.
 */
export async function appendToOutbox(
  manager: EntityManager,
  records: readonly OutgoingRecord[],
): Promise<void> {
  if (records.length === 0) {
    return;
  }
  noteWrite(manager, 'outbox');
  const trace = activeTraceHeaders();
  await writeBlind(
    manager,
    `INSERT INTO outbox_message (topic, key, value, headers)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
    [
      records.map((r) => r.topic),
      records.map((r) => r.key),
      records.map((r) => r.value),
      records.map((r) => JSON.stringify(trace === undefined ? r.headers : { ...r.headers, ...trace })),
    ],
  );
}
