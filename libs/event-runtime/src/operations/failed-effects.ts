import { type EntityManager } from 'typeorm';
import { type AuditEntry, auditOf } from './ops-audit';
import { OperationError, OperationErrorCode } from './operation.exception';
import { type OpsScope, qualified } from './ops-scope';

/** `discarded` is set by an operator only: the worker claims `pending` effects and nothing else. */
export type EffectOpsStatus = 'pending' | 'done' | 'failed' | 'discarded';

export interface EffectFilter {
  /** The effect's sequence key: the RCED thread id for the bot's calls. */
  threadId?: string;
  kind?: string;
  /** When it failed (its last change), inclusive. */
  since?: Date;
  until?: Date;
  limit: number;
  /** Default `failed`; `discarded` lists what operators gave up on. */
  status?: 'failed' | 'discarded';
}

export interface EffectSummary {
  id: string;
  seq: string;
  kind: string;
  threadId: string;
  status: EffectOpsStatus;
  attempts: number;
  /** A call may have reached the platform: a retry looks for it before calling again. */
  outcomeUnknown: boolean;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EffectDetails extends EffectSummary {
  payload: Record<string, unknown>;
  result: Record<string, unknown> | null;
  nextAttemptAt: Date;
  /** The trace it was recorded in (W3C traceparent: its second field is the trace id); null untraced. */
  traceParent: string | null;
}

const SUMMARY_COLUMNS = `id, seq, kind, sequence_key AS "threadId", status, attempts,
  outcome_unknown AS "outcomeUnknown", last_error AS "lastError", created_at AS "createdAt",
  updated_at AS "updatedAt"`;
const DETAIL_COLUMNS = `${SUMMARY_COLUMNS}, payload, result, next_attempt_at AS "nextAttemptAt",
  trace_parent AS "traceParent"`;

/** Newest failure first. */
export function listFailedEffects(scope: OpsScope, filter: EffectFilter): Promise<EffectSummary[]> {
  return scope.dataSource.query(
    `SELECT ${SUMMARY_COLUMNS} FROM ${qualified(scope, 'effect')}
     WHERE status = $1
       AND ($2::text IS NULL OR sequence_key = $2)
       AND ($3::text IS NULL OR kind = $3)
       AND ($4::timestamptz IS NULL OR updated_at >= $4)
       AND ($5::timestamptz IS NULL OR updated_at <= $5)
     ORDER BY updated_at DESC, seq DESC
     LIMIT $6`,
    [
      filter.status ?? 'failed',
      filter.threadId ?? null,
      filter.kind ?? null,
      filter.since ?? null,
      filter.until ?? null,
      filter.limit,
    ],
  );
}

export async function showEffect(
  scope: OpsScope,
  id: string,
): Promise<{ effect: EffectDetails; audit: AuditEntry[] }> {
  const effect = await readEffect(scope.dataSource.manager, scope, id, false);
  return { effect, audit: await auditOf(scope, 'effect', id) };
}

/** The effect as it is now; `lock` holds it for the caller's transaction. */
export async function readEffect(
  manager: EntityManager,
  scope: OpsScope,
  id: string,
  lock: boolean,
): Promise<EffectDetails> {
  // Postgres refuses U+0000 in text, and no effect id holds one.
  if (id.includes('\u0000')) {
    throw new OperationError(OperationErrorCode.NotFound, `No effect with id ${JSON.stringify(id)}`);
  }
  const rows: EffectDetails[] = await manager.query(
    `SELECT ${DETAIL_COLUMNS} FROM ${qualified(scope, 'effect')} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (rows.length === 0) {
    throw new OperationError(OperationErrorCode.NotFound, `No effect with id ${id}`);
  }
  return rows[0];
}
