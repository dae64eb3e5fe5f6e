import { type CallPriority } from '../quota/platform-quota';
import { EntityManager, QueryRunner } from 'typeorm';

export interface ClaimedEffect {
  id: string;
  kind: string;
  sequenceKey: string;
  payload: Record<string, unknown>;
  /** Including the attempt just claimed. */
  attempts: number;
  /** outcome_unknown as it was before this claim: a previous attempt may have been applied. */
  wasUnknown: boolean;
  /** The span that recorded it (W3C traceparent, tracestate); null when tracing was off. */
  traceParent: string | null;
  traceState: string | null;
}

interface ClaimedRow {
  id: string;
  kind: string;
  sequence_key: string;
  payload: Record<string, unknown>;
  attempts: number;
  was_unknown: boolean;
  trace_parent: string | null;
  trace_state: string | null;
}

/**
 * Due and free to run: pending, its time come, not of a sequence key in flight here, of the worker's
 * kinds, and the first pending effect of its sequence key, so one thread's effects run one at a time
 * in recording order. Placeholders are the caller's.
 */
function dueWhere(
  at: { now: string; keysInFlight: string; onlyKinds: string; exceptKinds: string },
  priority: string,
): string {
  return `
      e.status = 'pending'
      AND e.next_attempt_at <= ${at.now}
      AND NOT (e.sequence_key = ANY(${at.keysInFlight}::text[]))
      AND (${at.onlyKinds}::text[] IS NULL OR e.kind = ANY(${at.onlyKinds}::text[]))
      AND NOT (e.kind = ANY(${at.exceptKinds}::text[]))
      AND ${priority}
      AND NOT EXISTS (
        SELECT 1 FROM effect earlier
        WHERE earlier.sequence_key = e.sequence_key AND earlier.status = 'pending' AND earlier.seq < e.seq
      )`;
}

// The claimed row stays pending, marked outcome_unknown and leased: a crash leaves it to be
// reconciled by whoever takes it once the lease is over.
const CLAIM_SQL = `
  WITH due AS (
    SELECT e.id, e.outcome_unknown AS was_unknown
    FROM effect e
    WHERE ${dueWhere(
      { now: '$1', keysInFlight: '$2', onlyKinds: '$5', exceptKinds: '$6' },
      '($7::text IS NULL OR e.priority = $7)',
    )}
    ORDER BY e.seq
    LIMIT $3
    FOR UPDATE OF e SKIP LOCKED
  )
  UPDATE effect
  SET attempts = effect.attempts + 1, outcome_unknown = true, next_attempt_at = $4, updated_at = $1
  FROM due
  WHERE effect.id = due.id
  RETURNING effect.id, effect.kind, effect.sequence_key, effect.payload, effect.attempts, due.was_unknown,
    effect.trace_parent, effect.trace_state`;

// How many a claim could take now, up to $3 of each priority.
const COUNT_DUE_AT = { now: '$1', keysInFlight: '$2', onlyKinds: '$4', exceptKinds: '$5' };
const COUNT_DUE_SQL = `
  SELECT
    (SELECT count(*) FROM (SELECT 1 FROM effect e WHERE ${dueWhere(COUNT_DUE_AT, "e.priority = 'high'")} LIMIT $3) h)::int AS high,
    (SELECT count(*) FROM (SELECT 1 FROM effect e WHERE ${dueWhere(COUNT_DUE_AT, "e.priority = 'low'")} LIMIT $3) l)::int AS low`;

/**
 * Which effects a worker takes: `only` its kinds (a worker for calls with their own pace, the bot's),
 * or every kind `except` those the other workers take. Whatever the kind, a sequence key's effects
 * still run one at a time in recording order, across workers.
 */
export type KindFilter = { only: readonly string[] } | { except: readonly string[] };

function kindParams(kinds: KindFilter): [string[] | null, string[]] {
  return 'only' in kinds ? [[...kinds.only], []] : [null, [...kinds.except]];
}

export async function claimDueEffects(
  manager: EntityManager,
  args: {
    now: Date;
    excludedKeys: readonly string[];
    limit: number;
    leaseUntil: Date;
    kinds: KindFilter;
    /** Only effects of this priority; any when unset. */
    priority?: CallPriority;
  },
): Promise<ClaimedEffect[]> {
  const rows = await affectedRows<ClaimedRow>(manager, CLAIM_SQL, [
    args.now,
    [...args.excludedKeys],
    args.limit,
    args.leaseUntil,
    ...kindParams(args.kinds),
    args.priority ?? null,
  ]);
  return rows.map(claimedEffect);
}

/** What claimDueEffects would take now, by priority, up to `limit` of each: nothing is locked. */
export async function countDueEffects(
  manager: EntityManager,
  args: { now: Date; excludedKeys: readonly string[]; limit: number; kinds: KindFilter },
): Promise<Record<CallPriority, number>> {
  const [row] = await manager.query<Array<Record<CallPriority, number>>>(COUNT_DUE_SQL, [
    args.now,
    [...args.excludedKeys],
    args.limit,
    ...kindParams(args.kinds),
  ]);
  return { high: row.high, low: row.low };
}

function claimedEffect(row: ClaimedRow): ClaimedEffect {
  return {
    id: row.id,
    kind: row.kind,
    sequenceKey: row.sequence_key,
    payload: row.payload,
    attempts: row.attempts,
    wasUnknown: row.was_unknown,
    traceParent: row.trace_parent,
    traceState: row.trace_state,
  };
}

/**
 * `settled` false when another worker settled it first; `unblocks` when a later effect of its
 * sequence key is pending, which could not run before this one ended.
 */
export async function markDone(
  manager: EntityManager,
  args: { id: string; result: Record<string, unknown>; now: Date },
): Promise<{ settled: boolean; unblocks: boolean }> {
  const rows = await affectedRows<{ unblocks: boolean }>(
    manager,
    `UPDATE effect
     SET status = 'done', result = $2::jsonb, outcome_unknown = false, last_error = NULL, updated_at = $3
     WHERE id = $1 AND status = 'pending'
     RETURNING EXISTS (SELECT 1 FROM effect later WHERE later.sequence_key = effect.sequence_key
       AND later.status = 'pending' AND later.seq > effect.seq) AS unblocks`,
    [args.id, JSON.stringify(args.result ?? null), args.now],
  );
  return { settled: rows.length > 0, unblocks: rows[0]?.unblocks === true };
}

const DONE_AND_CLAIM_NEXT_SQL = `
  WITH done AS (
    UPDATE effect
    SET status = 'done', result = $2::jsonb, outcome_unknown = false, last_error = NULL, updated_at = $3
    WHERE id = $1 AND status = 'pending'
    RETURNING sequence_key, seq
  ), later AS (
    SELECT e.id, e.outcome_unknown AS was_unknown,
      e.next_attempt_at <= $3 AND ($5::text[] IS NULL OR e.kind = ANY($5::text[]))
        AND NOT (e.kind = ANY($6::text[])) AS due
    FROM effect e JOIN done ON e.sequence_key = done.sequence_key
    WHERE e.status = 'pending' AND e.seq > done.seq
    ORDER BY e.seq
    LIMIT 1
    FOR UPDATE OF e SKIP LOCKED
  ), claimed AS (
    UPDATE effect
    SET attempts = effect.attempts + 1, outcome_unknown = true, next_attempt_at = $4, updated_at = $3
    FROM later
    WHERE effect.id = later.id AND later.due
    RETURNING effect.id, effect.kind, effect.sequence_key, effect.payload, effect.attempts, later.was_unknown,
      effect.trace_parent, effect.trace_state
  )
  SELECT (SELECT count(*) FROM done)::int AS settled,
    EXISTS (SELECT 1 FROM effect e JOIN done ON e.sequence_key = done.sequence_key
      WHERE e.status = 'pending' AND e.seq > done.seq) AS unblocks,
    claimed.*
  FROM (SELECT 1) AS one LEFT JOIN claimed ON true`;

/**
 * markDone(), and in the same statement the claim of the next effect of its sequence key when that
 * one is due: a thread's next call (the reply after taking the intervention over) starts without a
 * claim of its own. `next` is undefined when there is none, it is not due yet, not of this
 * worker's kinds, or another worker holds it (`unblocks` then says whether to look again).
 */
export async function markDoneAndClaimNext(
  manager: EntityManager,
  args: { id: string; result: Record<string, unknown>; now: Date; leaseUntil: Date; kinds: KindFilter },
): Promise<{ settled: boolean; unblocks: boolean; next?: ClaimedEffect }> {
  const rows: Array<{ settled: number; unblocks: boolean } & Partial<ClaimedRow>> = await manager.query(
    DONE_AND_CLAIM_NEXT_SQL,
    [args.id, JSON.stringify(args.result ?? null), args.now, args.leaseUntil, ...kindParams(args.kinds)],
  );
  const [row] = rows;
  const next = row.id === undefined || row.id === null ? undefined : claimedEffect(row as ClaimedRow);
  return {
    settled: row.settled > 0,
    unblocks: next === undefined && row.unblocks,
    ...(next ? { next } : {}),
  };
}

// Retry and failure only apply to the attempt this worker claimed: if its lease ran out and another
// worker took the effect over, the newer attempt owns the row.
export async function scheduleRetry(
  manager: EntityManager,
  args: {
    id: string;
    attempts: number;
    outcomeUnknown: boolean;
    lastError: string;
    nextAttemptAt: Date;
    now: Date;
  },
): Promise<boolean> {
  const rows = await affectedRows(
    manager,
    `UPDATE effect
     SET outcome_unknown = $3, last_error = $4, next_attempt_at = $5, updated_at = $6
     WHERE id = $1 AND status = 'pending' AND attempts = $2
     RETURNING id`,
    [args.id, args.attempts, args.outcomeUnknown, args.lastError, args.nextAttemptAt, args.now],
  );
  return rows.length > 0;
}

export async function markFailed(
  manager: EntityManager,
  args: { id: string; attempts: number; outcomeUnknown: boolean; lastError: string; now: Date },
): Promise<boolean> {
  const rows = await affectedRows(
    manager,
    `UPDATE effect
     SET status = 'failed', outcome_unknown = $3, last_error = $4, updated_at = $5
     WHERE id = $1 AND status = 'pending' AND attempts = $2
     RETURNING id`,
    [args.id, args.attempts, args.outcomeUnknown, args.lastError, args.now],
  );
  return rows.length > 0;
}

async function affectedRows<T = unknown>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const runner: QueryRunner | undefined = manager.queryRunner;
  if (!runner) {
    // Outside a transaction (a lone statement): a SELECT over the CTE gives back plain rows.
    return manager.query(`WITH affected AS (${sql}) SELECT * FROM affected`, params);
  }
  // The structured result has the same shape for every command (plain `query` wraps UPDATE rows).
  const result = await runner.query(sql, params, true);
  return result.records as T[];
}
