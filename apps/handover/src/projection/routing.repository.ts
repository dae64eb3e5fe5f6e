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
}

export interface EmergencyInForce {
  commandId: string;
  active: boolean;
  sourceIds: string[] | null;
  issuedAt: string;
}

/**
 * Every read and write of handover's projection, in the caller's transaction. Route rows are
 * locked (`FOR UPDATE`, in thread id order so two transactions never wait on each other in a
 * cycle): availability, emergency and the waiting job decide over many threads at once.
 */
export class RoutingRepository {
  constructor(private readonly manager: EntityManager) {}

  async lockRoutes(threadIds: readonly string[]): Promise<Map<string, RoutingState>> {
    const rows: RouteRow[] = await this.manager.query(
      `SELECT thread_id, source_id, route, sent_category_ids, sent_at, waiting_since, request, handover_times, closed
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

  async saveRoute(state: RoutingState): Promise<void> {
    await this.manager.query(
      `INSERT INTO thread_route (thread_id, source_id, route, sent_category_ids, sent_at, waiting_since, request,
                                 handover_times, last_handover_at, closed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (thread_id) DO UPDATE SET source_id = excluded.source_id, route = excluded.route,
         sent_category_ids = excluded.sent_category_ids, sent_at = excluded.sent_at,
         waiting_since = excluded.waiting_since, request = excluded.request,
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
      ],
    );
  }

  async facts(threadId: string): Promise<ThreadFacts> {
    const rows: FactsRow[] = await this.manager.query(
      `SELECT thread_id, source_id, category_ids, facts_at, intervention_id, language, last_customer_content_id
       FROM thread_facts WHERE thread_id = $1`,
      [threadId],
    );
    return rows.length === 0 ? emptyFacts(threadId) : factsFromRow(rows[0]);
  }

  async saveFacts(facts: ThreadFacts, activityAt: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO thread_facts (thread_id, source_id, category_ids, facts_at, intervention_id, language,
                                 last_customer_content_id, last_activity_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (thread_id) DO UPDATE SET source_id = excluded.source_id, category_ids = excluded.category_ids,
         facts_at = excluded.facts_at, intervention_id = excluded.intervention_id, language = excluded.language,
         last_customer_content_id = excluded.last_customer_content_id,
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
      ],
    );
  }

  /**
   * Agents who may take one more thread on the source: the poller's newest count minus the threads
   * we handed over on it since that count was observed (their busyness will show at the next poll).
   */
  async freeAgents(sourceId: string | null): Promise<number> {
    if (sourceId === null) {
      return 0;
    }
    const rows: Array<{ free: number }> = await this.manager.query(
      `SELECT a.available_agents - (SELECT count(*) FROM thread_route r
                                     WHERE r.source_id = a.source_id AND r.last_handover_at >= a.observed_at)::int AS free
       FROM source_availability a WHERE a.source_id = $1`,
      [sourceId],
    );
    return Math.max(0, rows[0]?.free ?? 0);
  }

  /** Applies a published availability if it is newer than the one held; false when it is stale. */
  async saveAvailability(
    sourceId: string,
    availableAgents: number,
    agentIds: string[],
    observedAt: string,
  ): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `INSERT INTO source_availability (source_id, available_agents, agent_ids, observed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (source_id) DO UPDATE SET available_agents = excluded.available_agents,
         agent_ids = excluded.agent_ids, observed_at = excluded.observed_at
       WHERE source_availability.observed_at < excluded.observed_at
       RETURNING source_id`,
      [sourceId, availableAgents, agentIds, observedAt],
    );
    return rows.length > 0;
  }

  /** WAITING threads of a source, first come first served; rows another transaction holds are left to it. */
  async lockWaiting(sourceId: string, limit: number): Promise<string[]> {
    const rows: Array<{ thread_id: string }> = await this.manager.query(
      `SELECT thread_id FROM thread_route WHERE route = 'WAITING' AND source_id = $1
       ORDER BY waiting_since, thread_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [sourceId, limit],
    );
    return rows.map((row) => row.thread_id);
  }

  async lockExpiredWaiting(waitingBefore: string, limit: number): Promise<string[]> {
    const rows: Array<{ thread_id: string }> = await this.manager.query(
      `SELECT thread_id FROM thread_route WHERE route = 'WAITING' AND waiting_since <= $1
       ORDER BY waiting_since, thread_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [waitingBefore, limit],
    );
    return rows.map((row) => row.thread_id);
  }

  /** Threads the bot holds (or that wait) in scope and were active since `activeSince`: an emergency moves them. */
  async emergencyCandidates(
    sourceIds: string[] | null,
    botCategoryId: string,
    activeSince: string,
  ): Promise<string[]> {
    const rows: Array<{ thread_id: string }> = await this.manager.query(
      `SELECT f.thread_id FROM thread_facts f LEFT JOIN thread_route r ON r.thread_id = f.thread_id
       WHERE f.last_activity_at >= $1
         AND ($2::text[] IS NULL OR f.source_id = ANY($2::text[]))
         AND COALESCE(r.route, 'BOT') <> 'AGENT' AND NOT COALESCE(r.closed, false)
         AND (r.route = 'WAITING' OR $3 = ANY(COALESCE(r.sent_category_ids, f.category_ids)))
       ORDER BY f.last_activity_at, f.thread_id`,
      [activeSince, sourceIds, botCategoryId],
    );
    return rows.map((row) => row.thread_id);
  }

  /** Records a switch; false when this command was already recorded. */
  async saveEmergencySwitch(command: EmergencyInForce & { reason: string; actor: string }): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `INSERT INTO emergency_switch (command_id, active, source_ids, reason, actor, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (command_id) DO NOTHING RETURNING command_id`,
      [command.commandId, command.active, command.sourceIds, command.reason, command.actor, command.issuedAt],
    );
    return rows.length > 0;
  }

  async emergencyInForce(): Promise<EmergencyInForce | null> {
    const rows: Array<{ command_id: string; active: boolean; source_ids: string[] | null; issued_at: Date }> =
      await this.manager.query(
        `SELECT command_id, active, source_ids, issued_at FROM emergency_switch
         ORDER BY issued_at DESC, command_id DESC LIMIT 1`,
      );
    const row = rows[0];
    return row
      ? {
          commandId: row.command_id,
          active: row.active,
          sourceIds: row.source_ids,
          issuedAt: row.issued_at.toISOString(),
        }
      : null;
  }
}

export function emergencyCovers(emergency: EmergencyInForce | null, sourceId: string | null): boolean {
  if (!emergency?.active) {
    return false;
  }
  return emergency.sourceIds === null || (sourceId !== null && emergency.sourceIds.includes(sourceId));
}

function routeFromRow(row: RouteRow): RoutingState {
  return {
    threadId: row.thread_id,
    sourceId: row.source_id,
    route: row.route,
    sentCategoryIds: row.sent_category_ids,
    sentAt: row.sent_at?.toISOString() ?? null,
    waitingSince: row.waiting_since?.toISOString() ?? null,
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
  };
}
