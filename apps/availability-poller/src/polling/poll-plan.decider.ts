/** What the poller keeps between polls (its `poll_state` row), times in epoch milliseconds. */
export interface PollState {
  lastPolledAt: number | null;
  /** No Engage call before this (a 429's Retry-After, or our own backoff). */
  backoffUntil: number | null;
  /** Polls in a row answered 429. */
  rateLimitedStreak: number;
  agentsRefreshedAt: number | null;
  /** The user filter the agent cache was built with. */
  agentsFilter: string | null;
  /** GET /users pages the last refresh took: the next refresh's expected cost. */
  agentUserPages: number;
  /** Agent refreshes failed in a row (a 429 aside) since the last one that succeeded. */
  agentRefreshFailures: number;
  agentRefreshFailedAt: number | null;
}

export interface PollPolicy {
  pollEveryMs: number;
  agentCacheTtlMs: number;
  /** Which users the cache holds (`category:<id> team:<id>`): another filter means a refresh. */
  agentsFilter: string;
  /** GET /users queries per refresh: one per configured filter, a page at least each. */
  userQueries: number;
}

export type SkipReason = 'not_due' | 'backing_off' | 'over_budget';

/**
 * `none`: the cached agents are used as they are. `with_fallback`: refresh them; if GET /users
 * fails, the cached agents stand in and the poll goes on. `required`: no usable cache (first
 * start, or another filter): without GET /users the poll cannot decide.
 */
export type AgentRefresh = 'none' | 'with_fallback' | 'required';

export type PollPlan =
  | { kind: 'skip'; reason: SkipReason }
  | { kind: 'poll'; agentRefresh: AgentRefresh; resolveSourceIds: readonly string[] };

const MAX_BACKOFF_MS = 10 * 60_000;
/**
 * After a failed agent refresh, the next one waits this long, doubled per failure in a row, up to
 * the cache TTL or AGENT_REFRESH_RETRY_MAX_MS, whichever is smaller: a failing GET /users must not
 * spend the call budget at every poll, and the cache is still used meanwhile.
 */
export const AGENT_REFRESH_RETRY_FIRST_MS = 30_000;
export const AGENT_REFRESH_RETRY_MAX_MS = 15 * 60_000;
/**
 * Replicas each run the timer; a poll by any of them less than this share of a period ago counts
 * as this period's, so two replicas do not poll twice as often (timer drift stays tolerated).
 */
const DUE_SHARE = 0.8;

export const INITIAL_POLL_STATE: PollState = {
  lastPolledAt: null,
  backoffUntil: null,
  rateLimitedStreak: 0,
  agentsRefreshedAt: null,
  agentsFilter: null,
  agentUserPages: 0,
  agentRefreshFailures: 0,
  agentRefreshFailedAt: null,
};

/**
 * Whether to poll now and which caches to refill, with `free` calls granted by the platform quota.
 * Skips rather than exceed them; a stale agent cache is kept (and its refresh deferred) while they
 * only allow GET /status, or until the retry delay after a failed refresh has passed.
 */
export function planPoll(
  state: PollState,
  /** Watched sources whose channel is unknown or older than the cache TTL. */
  sourcesToResolve: readonly string[],
  policy: PollPolicy,
  nowMs: number,
  free: number,
): PollPlan {
  if (state.backoffUntil !== null && nowMs < state.backoffUntil) {
    return { kind: 'skip', reason: 'backing_off' };
  }
  if (state.lastPolledAt !== null && nowMs - state.lastPolledAt < policy.pollEveryMs * DUE_SHARE) {
    return { kind: 'skip', reason: 'not_due' };
  }
  const pollCost = 1 + sourcesToResolve.length;
  const cacheUsable = state.agentsRefreshedAt !== null && state.agentsFilter === policy.agentsFilter;
  const cacheFresh = cacheUsable && nowMs - (state.agentsRefreshedAt ?? 0) < policy.agentCacheTtlMs;
  // Without a usable cache there is nothing to fall back on, so no retry delay: each poll tries.
  const refreshDue = !cacheUsable || (!cacheFresh && nowMs >= (agentRefreshRetryAt(state, policy) ?? nowMs));
  const refreshCost = agentRefreshCost(state, policy);
  if (refreshDue && free >= pollCost + refreshCost) {
    return {
      kind: 'poll',
      agentRefresh: cacheUsable ? 'with_fallback' : 'required',
      resolveSourceIds: sourcesToResolve,
    };
  }
  if (cacheUsable && free >= pollCost) {
    return { kind: 'poll', agentRefresh: 'none', resolveSourceIds: sourcesToResolve };
  }
  return { kind: 'skip', reason: 'over_budget' };
}

/** No agent refresh before this, after failed ones (null: none failed since the last success). */
export function agentRefreshRetryAt(state: PollState, policy: PollPolicy): number | null {
  if (state.agentRefreshFailedAt === null || state.agentRefreshFailures === 0) {
    return null;
  }
  const longest = Math.min(policy.agentCacheTtlMs, AGENT_REFRESH_RETRY_MAX_MS);
  const waitMs = Math.min(longest, AGENT_REFRESH_RETRY_FIRST_MS * 2 ** (state.agentRefreshFailures - 1));
  return state.agentRefreshFailedAt + waitMs;
}

/** The bookkeeping of an agent refresh that failed for another reason than a 429. */
export function afterAgentRefreshFailure(
  state: PollState,
  nowMs: number,
): Pick<PollState, 'agentRefreshFailures' | 'agentRefreshFailedAt'> {
  return { agentRefreshFailures: state.agentRefreshFailures + 1, agentRefreshFailedAt: nowMs };
}

/** The calls a planned poll makes at most: GET /status, each source to resolve, the agent refresh. */
export function callsOf(
  plan: Extract<PollPlan, { kind: 'poll' }>,
  state: PollState,
  policy: PollPolicy,
): number {
  return (
    1 + plan.resolveSourceIds.length + (plan.agentRefresh === 'none' ? 0 : agentRefreshCost(state, policy))
  );
}

function agentRefreshCost(state: PollState, policy: PollPolicy): number {
  return Math.max(policy.userQueries, state.agentUserPages);
}

/** After a 429: Engage's Retry-After when it sent one, else doubling from one poll period. */
export function backoffAfterRateLimit(
  state: PollState,
  retryAfterSeconds: number | undefined,
  policy: PollPolicy,
  nowMs: number,
): { backoffUntil: number; rateLimitedStreak: number } {
  const streak = state.rateLimitedStreak + 1;
  const waitMs =
    retryAfterSeconds !== undefined
      ? retryAfterSeconds * 1000
      : Math.min(MAX_BACKOFF_MS, policy.pollEveryMs * 2 ** (streak - 1));
  return { backoffUntil: nowMs + waitMs, rateLimitedStreak: streak };
}
