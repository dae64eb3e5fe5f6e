import { hostname } from 'node:os';
import { DataSource } from 'typeorm';

/** Replies and handovers first; polling and emergency batches only while the reserve stays free. */
export type CallPriority = 'high' | 'low';

export interface PlatformQuotaOptions {
  /** The platform's limit for the whole deployment: at most `calls` in any `windowMs` (sliding). */
  calls: number;
  windowMs: number;
  /** Slots only high-priority calls may take: low ones start while more than this stays free. */
  reservedForHigh: number;
  /** Who takes the slots, for an operator reading the table (default: app, host and process). */
  holder: string;
}

/** Calls granted by `take`: end them when they are over, give back those not made. */
export interface QuotaGrant {
  readonly ids: readonly string[];
  /** When none was granted: when the first counted slot frees up, at the latest. */
  readonly retryInMs?: number;
}

export interface QuotaUsage {
  high: number;
  low: number;
}

export const QUOTA_SCHEMA = 'engage_quota';
const SLOTS = `${QUOTA_SCHEMA}.call_slot`;
// One lock for every app and replica: takes are serialized, a few a second at RCED's 500/min.
const QUOTA_LOCK = 0x51_07_a0;

/**
 * One round trip per take. Run as a function, each statement after the lock reads a fresh snapshot
 * (READ COMMITTED): a single SQL statement would count with the snapshot taken before it waited for
 * the lock, and miss the slots the previous holder had just inserted.
 */
const TAKE_FUNCTION = `
  CREATE OR REPLACE FUNCTION ${QUOTA_SCHEMA}.take(
    p_holder text, p_priority text, p_wanted int, p_cap int, p_window_s float8, p_lease_s float8
  ) RETURNS TABLE (ids text[], frees_in_ms float8) LANGUAGE plpgsql AS $$
  DECLARE
    v_used int;
    v_granted int;
  BEGIN
    PERFORM pg_advisory_xact_lock(${QUOTA_LOCK});
    -- Slots no window counts any more: the table holds a window's calls and those in flight.
    DELETE FROM ${SLOTS} s
      WHERE coalesce(s.ended_at, s.lease_until) <= clock_timestamp() - make_interval(secs => p_window_s);
    SELECT count(*)::int,
           extract(epoch FROM min(coalesce(s.ended_at, s.lease_until)) + make_interval(secs => p_window_s)
             - clock_timestamp()) * 1000
      INTO v_used, frees_in_ms
      FROM ${SLOTS} s
      WHERE coalesce(s.ended_at, s.lease_until) > clock_timestamp() - make_interval(secs => p_window_s);
    v_granted := greatest(0, least(p_wanted, p_cap - v_used));
    WITH taken AS (
      INSERT INTO ${SLOTS} (holder, priority, started_at, lease_until)
      SELECT p_holder, p_priority, clock_timestamp(), clock_timestamp() + make_interval(secs => p_lease_s)
      FROM generate_series(1, v_granted)
      RETURNING id
    )
    SELECT coalesce(array_agg(taken.id::text), '{}') INTO ids FROM taken;
    RETURN NEXT;
  END
  $$`;

const SCHEMA_STATEMENTS = [
  `CREATE SCHEMA IF NOT EXISTS ${QUOTA_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${SLOTS} (
    id bigserial PRIMARY KEY,
    holder text NOT NULL,
    priority text NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    lease_until timestamptz NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS call_slot_counted_idx ON ${SLOTS} ((coalesce(ended_at, lease_until)))`,
  TAKE_FUNCTION,
];

/**
 * RCED's rate limit (500 requests/minute, ENGAGE_API.md §2.2) is the platform's, not an app's: every
 * app and replica spends from this one budget, kept in Postgres and read with Postgres's clock so
 * hosts' clocks never matter. A call holds its slot from its start until one window after its end
 * (the platform counts it on arrival, somewhere between the two); a slot whose holder died counts
 * until its lease ends, plus a window.
 */
export class PlatformQuota {
  private readonly windowSeconds: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: PlatformQuotaOptions,
  ) {
    this.windowSeconds = options.windowMs / 1000;
  }

  /** The deployment's quota, its table created if this is the first app to start. */
  static async open(dataSource: DataSource, options: PlatformQuotaOptions): Promise<PlatformQuota> {
    const quota = new PlatformQuota(dataSource, options);
    await quota.ensureSchema();
    return quota;
  }

  /**
   * Creates the shared table once for all apps (each app's own migrations stay in its schema). Under a
   * session lock, each statement its own transaction: inside one transaction, a second app's
   * `IF NOT EXISTS` could check the catalog as it was before it waited, and collide.
   */
  async ensureSchema(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [QUOTA_LOCK]);
      try {
        for (const statement of SCHEMA_STATEMENTS) {
          await runner.query(statement);
        }
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [QUOTA_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Takes up to `wanted` slots for calls starting now, each leased for `leaseMs` (an in-flight call
   * counts that long at least). Never more than the limit minus what is counted in the window, and
   * for low priority minus the reserve too.
   */
  async take(wanted: number, priority: CallPriority, leaseMs: number): Promise<QuotaGrant> {
    if (wanted <= 0) {
      return { ids: [] };
    }
    const cap = this.options.calls - (priority === 'low' ? this.options.reservedForHigh : 0);
    const [row] = await this.dataSource.query<Array<{ ids: string[]; frees_in_ms: number | null }>>(
      `SELECT ids, frees_in_ms FROM ${QUOTA_SCHEMA}.take($1, $2, $3, $4, $5, $6)`,
      [this.options.holder, priority, wanted, cap, this.windowSeconds, leaseMs / 1000],
    );
    if (row.ids.length > 0) {
      return { ids: row.ids };
    }
    return {
      ids: [],
      retryInMs: row.frees_in_ms === null ? undefined : Math.max(1, Math.ceil(row.frees_in_ms)),
    };
  }

  /** The calls are over: their slots count for one more window from now. */
  async end(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) {
      await this.dataSource.query(
        `UPDATE ${SLOTS} SET ended_at = clock_timestamp() WHERE id = ANY($1::bigint[]) AND ended_at IS NULL`,
        [ids],
      );
    }
  }

  /** Slots taken for calls that were not made: free at once. */
  async giveBack(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) {
      await this.dataSource.query(`DELETE FROM ${SLOTS} WHERE id = ANY($1::bigint[])`, [ids]);
    }
  }

  /**
   * Calls made beyond those granted (a listing walked more pages than expected): counted as ended now,
   * never refused, so every app sees what the platform saw.
   */
  async record(count: number, priority: CallPriority): Promise<void> {
    if (count > 0) {
      await this.dataSource.query(
        `INSERT INTO ${SLOTS} (holder, priority, started_at, ended_at, lease_until)
         SELECT $1, $2, clock_timestamp(), clock_timestamp(), clock_timestamp() FROM generate_series(1, $3)`,
        [this.options.holder, priority, count],
      );
    }
  }

  /** Calls counted in the current window, across the deployment, by priority. */
  async usage(): Promise<QuotaUsage> {
    const rows = await this.dataSource.query<Array<{ priority: CallPriority; used: number }>>(
      `SELECT priority, count(*)::int AS used FROM ${SLOTS}
       WHERE coalesce(ended_at, lease_until) > clock_timestamp() - make_interval(secs => $1)
       GROUP BY priority`,
      [this.windowSeconds],
    );
    const used = (priority: CallPriority): number => rows.find((row) => row.priority === priority)?.used ?? 0;
    return { high: used('high'), low: used('low') };
  }

  get limit(): number {
    return this.options.calls;
  }
}

/** Who holds a slot: the app, its host (the pod) and process. */
export function quotaHolder(app: string): string {
  return `${app}@${hostname()}:${process.pid}`;
}
