import { type EntityManager } from 'typeorm';
import { type AuditEntry, auditOf } from './ops-audit';
import { OperationError, OperationErrorCode } from './operation.exception';
import { type OpsScope, qualified } from './ops-scope';
import { parseParkedKey } from './parked-key.util';
import { type LoggedRecord, type RecordLog, readableRecord } from './record-log';

/** `open` until an operator discards or retries it (the last such audit row says which). */
export type ParkedState = 'open' | 'discarded' | 'retried';

export interface ParkedFilter {
  consumer?: string;
  topic?: string;
  /** The record's key: the RCED thread id on the thread topics. */
  threadId?: string;
  /** When it was parked, inclusive. */
  since?: Date;
  until?: Date;
  limit: number;
  /** Also the ones already discarded or retried. */
  all?: boolean;
}

export interface ParkedRecordView {
  key: string;
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  eventId: string | null;
  eventType: string | null;
  threadId: string | null;
  cause: 'invalid' | 'failed';
  reason: string;
  attempts: number;
  valueKept: boolean;
  parkedAt: Date;
  state: ParkedState;
}

const KEY_SQL = `p.consumer || '/' || p.topic || '/' || p.partition || '/' || p."offset"`;

/** Each parked row with its key and state (the last operator action on it). */
export function selectParked(scope: OpsScope): string {
  return `SELECT ${KEY_SQL} AS key, p.consumer, p.topic, p.partition, p."offset", p.event_id AS "eventId",
      p.event_type AS "eventType", p.record_key AS "threadId", p.cause, p.reason, p.attempts,
      p.value_kept AS "valueKept", p.parked_at AS "parkedAt",
      CASE last.action WHEN 'discard' THEN 'discarded' WHEN 'retry' THEN 'retried' ELSE 'open' END AS state
    FROM ${qualified(scope, 'parked_record')} p
    LEFT JOIN LATERAL (
      SELECT a.action FROM ${qualified(scope, 'ops_audit')} a
      WHERE a.target_kind = 'parked_record' AND a.target_id = ${KEY_SQL}
      ORDER BY a.id DESC LIMIT 1
    ) last ON true`;
}

/** Newest first; only the open ones unless `all`. */
export function listParkedRecords(scope: OpsScope, filter: ParkedFilter): Promise<ParkedRecordView[]> {
  return scope.dataSource.query(
    `SELECT * FROM (${selectParked(scope)}) parked
     WHERE ($1::text IS NULL OR consumer = $1)
       AND ($2::text IS NULL OR topic = $2)
       AND ($3::text IS NULL OR "threadId" = $3)
       AND ($4::timestamptz IS NULL OR "parkedAt" >= $4)
       AND ($5::timestamptz IS NULL OR "parkedAt" <= $5)
       AND ($6 OR state = 'open')
     ORDER BY "parkedAt" DESC, key
     LIMIT $7`,
    [
      filter.consumer ?? null,
      filter.topic ?? null,
      filter.threadId ?? null,
      filter.since ?? null,
      filter.until ?? null,
      filter.all === true,
      filter.limit,
    ],
  );
}

export interface ParkedRecordDetails {
  record: ParkedRecordView;
  audit: AuditEntry[];
  /** The record as it is on its topic, when a log to read it from was given; null when it is gone. */
  source?: ReturnType<typeof readableRecord> | null;
  /** Why the record could not be read (the row is shown all the same). */
  sourceError?: string;
}

export async function showParkedRecord(
  scope: OpsScope,
  key: string,
  log?: Pick<RecordLog, 'read'>,
): Promise<ParkedRecordDetails> {
  const record = await readParkedRecord(scope.dataSource.manager, scope, key, false);
  const audit = await auditOf(scope, 'parked_record', record.key);
  if (!log) {
    return { record, audit };
  }
  try {
    const source: LoggedRecord | undefined = await log.read(record);
    return { record, audit, source: source ? readableRecord(source) : null };
  } catch (error) {
    return { record, audit, sourceError: error instanceof Error ? error.message : String(error) };
  }
}

/** The parked row and its state; `lock` holds the row for the caller's transaction. */
export async function readParkedRecord(
  manager: EntityManager,
  scope: OpsScope,
  key: string,
  lock: boolean,
): Promise<ParkedRecordView> {
  const { consumer, topic, partition, offset } = parseParkedKey(key);
  const where = `WHERE p.consumer = $1 AND p.topic = $2 AND p.partition = $3 AND p."offset" = $4`;
  const params = [consumer, topic, partition, offset];
  if (lock) {
    // A statement of its own: the state is read after the lock is held, so an action that
    // committed while this one waited is seen (read committed takes a snapshot per statement).
    await manager.query(`SELECT 1 FROM ${qualified(scope, 'parked_record')} p ${where} FOR UPDATE`, params);
  }
  const rows: ParkedRecordView[] = await manager.query(`${selectParked(scope)} ${where}`, params);
  if (rows.length === 0) {
    throw new OperationError(OperationErrorCode.NotFound, `No parked record ${key}`);
  }
  return rows[0];
}
