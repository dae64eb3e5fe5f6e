import { TRACE_HEADERS, activeTraceHeaders } from '@handover/observability';
import { EntityManager } from 'typeorm';
import { noteWrite } from '../database/transaction-writes';
import { writeBlind } from '../database/write-behind';
import { type CallPriority } from '../quota/platform-quota';

/**
 * Due from now, as the workers' clock reads it. Workers compare with a JavaScript Date, whole
 * milliseconds; Postgres's now() carries microseconds, so an effect recorded and claimed within the
 * same millisecond would read as not yet due and wait for the next poll.
 */
export const DUE_NOW = `date_trunc('milliseconds', now())`;

export interface EffectIntent {
  id: string;
  kind: string;
  sequenceKey: string;
  payload: Record<string, unknown>;
  /** `low` for batches that may wait behind replies and handovers for the platform quota (default high). */
  priority?: CallPriority;
}

/**
 * Records effects in the caller's transaction. Ids are deterministic, so deciding twice (a
 * redelivered event) records once. Rows get `seq` in the given order. When tracing is on, each
 * keeps the span it was recorded in (the record's `process` span), so the worker's call is traced
 * beneath it; off, the statement is the same as without tracing.
 */
export async function recordEffects(manager: EntityManager, intents: readonly EffectIntent[]): Promise<void> {
  const seen = new Set<string>();
  const unique = intents.filter((intent) => !seen.has(intent.id) && seen.add(intent.id));
  if (unique.length === 0) {
    return;
  }
  noteWrite(manager, 'effects');
  const trace = activeTraceHeaders();
  const params: unknown[] =
    trace === undefined ? [] : [trace[TRACE_HEADERS.parent], trace[TRACE_HEADERS.state] ?? null];
  const traced = trace === undefined ? '' : ', $1, $2';
  const rows = unique.map((intent) => {
    params.push(
      intent.id,
      intent.kind,
      intent.sequenceKey,
      JSON.stringify(intent.payload),
      intent.priority ?? 'high',
    );
    const base = params.length - 5;
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb, $${base + 5}, ${DUE_NOW}${traced})`;
  });
  const columns = `id, kind, sequence_key, payload, priority, next_attempt_at${trace === undefined ? '' : ', trace_parent, trace_state'}`;
  await writeBlind(
    manager,
    `INSERT INTO effect (${columns}) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`,
    params,
  );
}
