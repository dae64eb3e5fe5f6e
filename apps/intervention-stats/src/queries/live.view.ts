import {
  type AvailabilityRow,
  type EmergencySwitchRow,
  type RouteCountRow,
  type WaitingThreadRow,
} from './live.repository';

/** Who holds a live thread: the bot, nobody yet (queued for an agent), or human agents. */
export const LIVE_ROUTES = ['BOT', 'WAITING', 'AGENT'] as const;
export type LiveRoute = (typeof LIVE_ROUTES)[number];

export interface EmergencySwitchView {
  active: boolean;
  /** null: every source. */
  source_ids: string[] | null;
  reason: string;
  actor: string;
  switched_at: string;
  threads_in_scope: number;
}

/** What GET /analytics/live answers. */
export interface LiveView {
  at: string;
  window_ms: number;
  threads: {
    /** Threads whose customer wrote, or which handover routed, since then. */
    since: string;
    by_route: Record<LiveRoute, number>;
    total: number;
    /** The WAITING ones, the longest waiting first. */
    waiting: Array<{
      thread_id: string;
      source_id: string | null;
      language: string | null;
      reason: string | null;
      waiting_since: string;
      waiting_ms: number;
    }>;
  };
  availability: Array<{
    source_id: string;
    channel_id: string;
    available_agents: number;
    agent_ids: string[];
    observed_at: string;
    age_ms: number;
  }>;
  emergency: {
    /** Off when it was never switched. */
    active: boolean;
    /** The switch in force (null when never switched), then the ones before it. */
    current: EmergencySwitchView | null;
    history: EmergencySwitchView[];
  };
}

export interface LiveRows {
  routes: readonly RouteCountRow[];
  waiting: readonly WaitingThreadRow[];
  availability: readonly AvailabilityRow[];
  /** The newest first. */
  emergency: readonly EmergencySwitchRow[];
}

/** Pure: the rows read at `now` into the live view. Closed threads are not live; durations never negative. */
export function liveView(rows: LiveRows, now: Date, windowMs: number): LiveView {
  const byRoute: Record<LiveRoute, number> = { BOT: 0, WAITING: 0, AGENT: 0 };
  for (const { route, threads } of rows.routes) {
    if ((LIVE_ROUTES as readonly string[]).includes(route)) {
      byRoute[route as LiveRoute] += Number(threads);
    }
  }
  const since = (at: Date): number => Math.max(0, now.getTime() - at.getTime());
  const switches = rows.emergency.map((row): EmergencySwitchView => ({
    active: row.active,
    source_ids: row.source_ids,
    reason: row.reason,
    actor: row.actor,
    switched_at: row.occurred_at.toISOString(),
    threads_in_scope: Number(row.threads_in_scope),
  }));
  return {
    at: now.toISOString(),
    window_ms: windowMs,
    threads: {
      since: new Date(now.getTime() - windowMs).toISOString(),
      by_route: byRoute,
      total: byRoute.BOT + byRoute.WAITING + byRoute.AGENT,
      waiting: rows.waiting.map((row) => ({
        thread_id: row.thread_id,
        source_id: row.source_id,
        language: row.language,
        reason: row.reason,
        waiting_since: row.waiting_since.toISOString(),
        waiting_ms: since(row.waiting_since),
      })),
    },
    availability: rows.availability.map((row) => ({
      source_id: row.source_id,
      channel_id: row.channel_id,
      available_agents: Number(row.available_agents),
      agent_ids: row.agent_ids,
      observed_at: row.observed_at.toISOString(),
      age_ms: since(row.observed_at),
    })),
    emergency: {
      active: switches[0]?.active ?? false,
      current: switches[0] ?? null,
      history: switches.slice(1),
    },
  };
}
