import {
  applyEmergencySwitch,
  type EmergencyCoverage,
  NO_EMERGENCY,
  type ReplyTarget,
} from '@handover/contracts';
import { type EntityManager } from 'typeorm';
import {
  type PendingRequest,
  type RoutingState,
  type ThreadFacts,
  emptyFacts,
  initialRoutingState,
} from '../routing/routing-state';

interface RouteRow {
  thread_id: string;
  source_id: string | null;
  route: RoutingState['route'];
  sent_category_ids: string[] | null;
  sent_at: Date | null;
  waiting_since: Date | null;
  noticed_at: Date | null;
  request: PendingRequest | null;
  handover_times: string[];
  closed: boolean;
}

interface FactsRow {
  thread_id: string;
  source_id: string | null;
  category_ids: string[] | null;
  facts_at: Date | null;
  intervention_id: string | null;
  language: string | null;
  last_customer_content_id: string | null;
  last_customer_reply: ReplyTarget | null;
}

export interface EmergencySwitchRecord {
  commandId: string;
  active: boolean;
  sourceIds: string[] | null;
  issuedAt: string;
  reason: string;
  actor: string;
}

/** Where our own recategorizations of a thread stand (effect ledger and what the calls applied). */
export interface RecategorizationStatus {
  pending: boolean;
  appliedAt: string | null;
}

/**
 * Every read and write of handover's projection, in the caller's transaction. A decision holds its
 * threads' locks (advisory, then the route rows `FOR UPDATE`), then the agent pools of their realtime
 * sources, each set in one order so two decisions never wait on each other in a cycle: availability,
 * emergency and the waiting job decide over many threads at once, and what a decision reads is read
 * under them. Threads picked by a query are only candidates: their state is read again once locked.
 */
export class RoutingRepository {
  constructor(private readonly manager: EntityManager) {}

  async lockRoutes(threadIds: readonly string[]): Promise<Map<string, RoutingState>> {
    // A thread without a route row yet has no row to lock: the advisory lock serializes its
    // decisions all the same (engage.events.v1 and bot.events.v1 are consumed concurrently).
    await this.manager.query(
      `SELECT pg_advisory_xact_lock(key)
       FROM (SELECT DISTINCT hashtextextended('handover.thread:' || id, 0) AS key
             FROM unnest($1::text[]) AS id ORDER BY key) AS keys`,
      [[...threadIds]],
    );
    const rows: RouteRow[] = await this.manager.query(
      `SELECT thread_id, source_id, route, sent_category_ids, sent_at, waiting_since, noticed_at, request,
              handover_times, closed
       FROM thread_route WHERE thread_id = ANY($1::text[]) ORDER BY thread_id FOR UPDATE`,
      [[...threadIds]],
    );
    const states = new Map(rows.map((row) => [row.thread_id, routeFromRow(row)]));
    for (const threadId of threadIds) {
      if (!states.has(threadId)) {
        states.set(threadId, initialRoutingState(threadId));
      }
    }
    return states;
  }

  /** Handover has routed this thread before (a thread it never handled is not followed). */
  async isRouted(threadId: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(`SELECT 1 FROM thread_route WHERE thread_id = $1`, [
      threadId,
    ]);
    return rows.length > 0;
  }

  async saveRoute(state: RoutingState): Promise<void> {
    await this.manager.query(
      `INSERT INTO thread_route (thread_id, source_id, route, sent_category_ids, sent_at, waiting_since, request,
                                 handover_times, last_handover_at, closed, noticed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (thread_id) DO UPDATE SET source_id = excluded.source_id, route = excluded.route,
         sent_category_ids = excluded.sent_category_ids, sent_at = excluded.sent_at,
         waiting_since = excluded.waiting_since, noticed_at = excluded.noticed_at, request = excluded.request,
         handover_times = excluded.handover_times, last_handover_at = excluded.last_handover_at,
         closed = excluded.closed`,
      [
        state.threadId,
        state.sourceId,
        state.route,
        state.sentCategoryIds,
        state.sentAt,
        state.waitingSince,
        state.request === null ? null : JSON.stringify(state.request),
        JSON.stringify(state.handoverTimes),
        state.handoverTimes.at(-1) ?? null,
        state.closed,
        state.noticedAt,
      ],
    );
  }

  async facts(threadId: string): Promise<ThreadFacts> {
    const rows: FactsRow[] = await this.manager.query(
      `SELECT thread_id, source_id, category_ids, facts_at, intervention_id, language, last_customer_content_id,
              last_customer_reply
       FROM thread_facts WHERE thread_id = $1`,
      [threadId],
    );
    return rows.length === 0 ? emptyFacts(threadId) : factsFromRow(rows[0]);
  }

  async saveFacts(facts: ThreadFacts, activityAt: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO thread_facts (thread_id, source_id, category_ids, facts_at, intervention_id, language,
                                 last_customer_content_id, last_activity_at, last_customer_reply)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (thread_id) DO UPDATE SET source_id = excluded.source_id, category_ids = excluded.category_ids,
         facts_at = excluded.facts_at, intervention_id = excluded.intervention_id, language = excluded.language,
         last_customer_content_id = excluded.last_customer_content_id,
         last_customer_reply = excluded.last_customer_reply,
         last_activity_at = GREATEST(thread_facts.last_activity_at, excluded.last_activity_at)`,
      [
        facts.threadId,
        facts.sourceId,
        facts.categoryIds,
        facts.factsAt,
        facts.interventionId,
        facts.language,
        facts.lastCustomerContentId,
        activityAt,
        facts.lastCustomerReply === null ? null : JSON.stringify(facts.lastCustomerReply),
      ],
    );
  }

  /**
   * Agents who may take one more thread on the source: the poller's newest count minus the threads
   * we handed over since that count was observed (their busyness will show at the next poll), on
   * every watched source of the same channel: agents are per channel (ENGAGE_API.md §2.7), so two
   * sources on one channel share them and must not each spend them.
   */
  async freeAgents(sourceId: string | null): Promise<number> {
    if (sourceId === null) {
      return 0;
    }
    const rows: Array<{ free: number }> = await this.manager.query(
      `SELECT a.available_agents - (
           SELECT count(*) FROM thread_route r JOIN source_availability s ON s.source_id = r.source_id
           WHERE (s.source_id = a.source_id OR s.channel_id = a.channel_id) AND r.last_handover_at >= a.observed_at
         )::int AS free
       FROM source_availability a WHERE a.source_id = $1`,
      [sourceId],
    );
    return Math.max(0, rows[0]?.free ?? 0);
  }

  /** Applies a published availability if it is newer than the one held; false when it is stale. */
  async saveAvailability(
    sourceId: string,
    channelId: string | null,
    availableAgents: number,
    agentIds: string[],
    observedAt: string,
  ): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `INSERT INTO source_availability (source_id, channel_id, available_agents, agent_ids, observed_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (source_id) DO UPDATE SET channel_id = excluded.channel_id,
         available_agents = excluded.available_agents, agent_ids = excluded.agent_ids,
         observed_at = excluded.observed_at
       WHERE source_availability.observed_at < excluded.observed_at
       RETURNING source_id`,
      [sourceId, channelId, availableAgents, agentIds, observedAt],
    );
    return rows.length > 0;
  }

  /** WAITING threads of a source, first come first served; rows another transaction holds are left to it. */
  /**
   * Serializes the decisions that spend the free agents of these sources: a source's pool is its
   * channel's (see freeAgents), so two threads of two sources on one channel, decided at once on two
   * partitions, cannot both take its last agent. Taken after the threads' locks.
   */
  async lockAgentPools(sourceIds: readonly string[]): Promise<void> {
    if (sourceIds.length === 0) {
      return;
    }
    await this.manager.query(
      `SELECT pg_advisory_xact_lock(key)
       FROM (SELECT DISTINCT hashtextextended('handover.agents:' || coalesce(a.channel_id, s.id), 0) AS key
             FROM unnest($1::text[]) AS s(id) LEFT JOIN source_availability a ON a.source_id = s.id
             ORDER BY key) AS keys`,
      [[...sourceIds]],
    );
  }

  /** The threads waiting longest on the source (candidates: lockRoutes, not this query, locks them). */
  async longestWaiting(sourceId: string, limit: number): Promise<string[]> {
    const rows: Array<{ thread_id: string }> = await this.manager.query(
      `SELECT thread_id FROM thread_route WHERE route = 'WAITING' AND source_id = $1
       ORDER BY waiting_since, thread_id LIMIT $2`,
      [sourceId, limit],
    );
    return rows.map((row) => row.thread_id);
  }

  /** Threads waiting since before `waitingBefore` (candidates, as in longestWaiting). */
  async expiredWaiting(waitingBefore: string, limit: number): Promise<string[]> {
    const rows: Array<{ thread_id: string }> = await this.manager.query(
      `SELECT thread_id FROM thread_route WHERE route = 'WAITING' AND waiting_since <= $1
       ORDER BY waiting_since, thread_id LIMIT $2`,
      [waitingBefore, limit],
    );
    return rows.map((row) => row.thread_id);
  }

  /**
   * Threads the bot holds (or that wait) in scope and were active since `activeSince`, the most
   * recently active first: the next ones an emergency moves. A thread whose categories are not known
   * is included: the move reads RCED before it writes, and changes nothing on a thread agents hold.
   */
  async emergencyCandidates(
    coverage: EmergencyCoverage,
    categories: { botCategoryId: string; agentCategoryId: string },
    activeSince: string,
    limit: number,
  ): Promise<string[]> {
    const rows: Array<{ thread_id: string }> = await this.manager.query(
      `SELECT f.thread_id FROM thread_facts f LEFT JOIN thread_route r ON r.thread_id = f.thread_id
       WHERE f.last_activity_at >= $1
         AND ($2 OR f.source_id = ANY($3::text[]))
         AND COALESCE(r.route, 'BOT') <> 'AGENT' AND NOT COALESCE(r.closed, false)
         AND (r.route = 'WAITING'
              OR COALESCE(r.sent_category_ids, f.category_ids) IS NULL
              OR ($4 = ANY(COALESCE(r.sent_category_ids, f.category_ids))
                  AND NOT $5 = ANY(COALESCE(r.sent_category_ids, f.category_ids))))
       ORDER BY f.last_activity_at DESC, f.thread_id
       LIMIT $6`,
      [
        activeSince,
        coverage.global,
        [...coverage.sourceIds],
        categories.botCategoryId,
        categories.agentCategoryId,
        limit,
      ],
    );
    return rows.map((row) => row.thread_id);
  }

  /** Emergency moves recorded and not settled yet: the sweep keeps only a few in the queue. */
  async emergencyMovesInFlight(): Promise<number> {
    const rows: Array<{ n: number }> = await this.manager.query(
      `SELECT count(*)::int AS n FROM effect
       WHERE status = 'pending' AND kind = 'update_categories' AND payload->>'emergency' = 'true'`,
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * Emergency moves never attempted on threads the emergency no longer covers: removed from the
   * ledger (nothing happened on RCED); returns their threads, to be given back to the bot.
   */
  async cancelEmergencyMoves(coverage: EmergencyCoverage): Promise<string[]> {
    // Through a CTE: TypeORM's query() wraps the rows of a bare DELETE … RETURNING with a row count.
    const rows: Array<{ thread_id: string }> = await this.manager.query(
      `WITH canceled AS (
         DELETE FROM effect e USING thread_route r
         WHERE e.status = 'pending' AND e.attempts = 0 AND e.kind = 'update_categories'
           AND e.payload->>'emergency' = 'true' AND r.thread_id = e.sequence_key
           AND NOT ($1 OR r.source_id = ANY($2::text[]))
         RETURNING r.thread_id
       )
       SELECT thread_id FROM canceled`,
      [coverage.global, [...coverage.sourceIds]],
    );
    return [...new Set(rows.map((row) => row.thread_id))].sort();
  }

  async saveRecategorization(threadId: string, categoryIds: string[], appliedAt: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO thread_recategorization (thread_id, category_ids, applied_at) VALUES ($1, $2, $3)
       ON CONFLICT (thread_id) DO UPDATE SET category_ids = excluded.category_ids,
         applied_at = GREATEST(thread_recategorization.applied_at, excluded.applied_at)`,
      [threadId, categoryIds, appliedAt],
    );
  }

  /** Whether a recategorization of ours is still to be made, and when the latest one was applied. */
  async recategorizationStatus(threadId: string): Promise<RecategorizationStatus> {
    const rows: Array<{ pending: boolean; applied_at: Date | null }> = await this.manager.query(
      `SELECT EXISTS (SELECT 1 FROM effect WHERE sequence_key = $1 AND status = 'pending'
                        AND kind = 'update_categories') AS pending,
              (SELECT applied_at FROM thread_recategorization WHERE thread_id = $1) AS applied_at`,
      [threadId],
    );
    return { pending: rows[0]?.pending ?? false, appliedAt: rows[0]?.applied_at?.toISOString() ?? null };
  }

  /**
   * Emergency switches and the sweep take turns (until the transaction ends): a sweep never commits
   * moves after a switch that ended its emergency has cancelled the ones not made yet.
   */
  async lockEmergency(): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext('handover.emergency'))`);
  }

  /** Records a switch; false when this command was already recorded. */
  async saveEmergencySwitch(command: EmergencySwitchRecord): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `INSERT INTO emergency_switch (command_id, active, source_ids, reason, actor, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (command_id) DO NOTHING RETURNING command_id`,
      [command.commandId, command.active, command.sourceIds, command.reason, command.actor, command.issuedAt],
    );
    return rows.length > 0;
  }

  /** What every switch recorded so far leaves covered (they compose, in the order they were issued). */
  async emergencyCoverage(): Promise<EmergencyCoverage> {
    const rows: Array<{ active: boolean; source_ids: string[] | null }> = await this.manager.query(
      `SELECT active, source_ids FROM emergency_switch ORDER BY issued_at, command_id`,
    );
    return rows.reduce(
      (coverage, row) => applyEmergencySwitch(coverage, { active: row.active, sourceIds: row.source_ids }),
      NO_EMERGENCY,
    );
  }
}

function routeFromRow(row: RouteRow): RoutingState {
  return {
    threadId: row.thread_id,
    sourceId: row.source_id,
    route: row.route,
    sentCategoryIds: row.sent_category_ids,
    sentAt: row.sent_at?.toISOString() ?? null,
    waitingSince: row.waiting_since?.toISOString() ?? null,
    noticedAt: row.noticed_at?.toISOString() ?? null,
    request: row.request,
    handoverTimes: row.handover_times,
    closed: row.closed,
  };
}

function factsFromRow(row: FactsRow): ThreadFacts {
  return {
    threadId: row.thread_id,
    sourceId: row.source_id,
    categoryIds: row.category_ids,
    factsAt: row.facts_at?.toISOString() ?? null,
    interventionId: row.intervention_id,
    language: row.language,
    lastCustomerContentId: row.last_customer_content_id,
    lastCustomerReply: row.last_customer_reply,
  };
}
