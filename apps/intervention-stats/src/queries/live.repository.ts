import { type DataSource } from 'typeorm';

export interface RouteCountRow {
  route: string;
  threads: number;
}

export interface WaitingThreadRow {
  thread_id: string;
  source_id: string | null;
  language: string | null;
  reason: string | null;
  waiting_since: Date;
}

export interface AvailabilityRow {
  source_id: string;
  channel_id: string;
  available_agents: number;
  agent_ids: string[];
  observed_at: Date;
}

export interface EmergencySwitchRow {
  event_id: string;
  command_id: string;
  active: boolean;
  source_ids: string[] | null;
  reason: string;
  actor: string;
  occurred_at: Date;
  threads_in_scope: number;
}

/** Which source and language the live panels count (null: all). */
export interface LiveScope {
  sourceId: string | null;
  language: string | null;
}

/**
 * Conversations (docs/metrics.md) whose customer wrote, or which handover routed, since $1, of
 * source $2 and language $3 when given.
 */
const ACTIVE_CONVERSATIONS = `
  WITH active AS (
    SELECT thread_id FROM stats_thread_engage WHERE last_customer_at >= $1
    UNION
    SELECT thread_id FROM stats_thread_handover WHERE route_at >= $1
  )
  SELECT e.thread_id, e.source_id, COALESCE(e.language, b.language) AS language, b.handover_reason,
         COALESCE(h.route, 'BOT') AS route, h.route_at
  FROM active a
  JOIN stats_thread_engage e ON e.thread_id = a.thread_id
  LEFT JOIN stats_thread_bot b ON b.thread_id = a.thread_id
  LEFT JOIN stats_thread_handover h ON h.thread_id = a.thread_id
  WHERE e.first_customer_at IS NOT NULL AND (b.thread_id IS NOT NULL OR h.thread_id IS NOT NULL)
    AND ($2::text IS NULL OR e.source_id = $2)
    AND ($3::text IS NULL OR COALESCE(e.language, b.language) = $3)`;

/** What the dashboard's live panels read: current routes, availability, the emergency switch. */
export class LiveRepository {
  constructor(private readonly dataSource: DataSource) {}

  async routes(since: Date, scope: LiveScope): Promise<RouteCountRow[]> {
    return this.dataSource.query(
      `SELECT route, count(*)::int AS threads FROM (${ACTIVE_CONVERSATIONS}) c GROUP BY route ORDER BY route`,
      [since.toISOString(), scope.sourceId, scope.language],
    );
  }

  /** The longest waiting first. */
  async waiting(since: Date, scope: LiveScope, limit: number): Promise<WaitingThreadRow[]> {
    return this.dataSource.query(
      `SELECT thread_id, source_id, language, handover_reason AS reason, route_at AS waiting_since
       FROM (${ACTIVE_CONVERSATIONS}) c
       WHERE route = 'WAITING'
       ORDER BY route_at, thread_id
       LIMIT $4`,
      [since.toISOString(), scope.sourceId, scope.language, limit],
    );
  }

  /** Agents have no language: only the source applies. */
  async availability(sourceId: string | null): Promise<AvailabilityRow[]> {
    return this.dataSource.query(
      `SELECT source_id, channel_id, available_agents, agent_ids, observed_at
       FROM stats_source_availability WHERE $1::text IS NULL OR source_id = $1 ORDER BY source_id`,
      [sourceId],
    );
  }

  /** The newest first: the first is in force. */
  async emergencySwitches(limit: number): Promise<EmergencySwitchRow[]> {
    return this.dataSource.query(
      `SELECT event_id, command_id, active, source_ids, reason, actor, occurred_at, threads_in_scope
       FROM stats_emergency ORDER BY occurred_at DESC, event_id COLLATE "C" DESC LIMIT $1`,
      [limit],
    );
  }
}
