/** What the poller keeps between polls (its `poll_state` row), times in epoch milliseconds. */
export interface PollState {
  lastPolledAt: number | null;
  /** No Engage call before this (a 429's Retry-After, or our own backoff). */
  backoffUntil: number | null;
  /** Polls in a row answered 429. */
  rateLimitedStreak: number;
  /** Starts of our Engage calls in the last budget window. */
  callStarts: readonly number[];
  agentsRefreshedAt: number | null;
  /** The user filter the agent cache was built with. */
  agentsFilter: string | null;
  /** GET /users pages the last refresh took: the next refresh's expected cost. */
  agentUserPages: number;
}

export interface PollPolicy {
  pollEveryMs: number;
  agentCacheTtlMs: number;
  callsPerMinute: number;
  /** Which users the cache holds (`category:<id> team:<id>`): another filter means a refresh. */
  agentsFilter: string;
  /** GET /users queries per refresh: one per configured filter, a page at least each. */
  userQueries: number;
}

export type SkipReason = 'not_due' | 'backing_off' | 'over_budget';

export type PollPlan =
  | { kind: 'skip'; reason: SkipReason }
  | { kind: 'poll'; refreshAgents: boolean; resolveSourceIds: readonly string[] };

export const BUDGET_WINDOW_MS = 60_000;
const MAX_BACKOFF_MS = 10 * 60_000;
/**
 * Replicas each run the timer; a poll by any of them less than this share of a period ago counts
 * as this period's, so two replicas do not poll twice as often (timer drift stays tolerated).
 */
const DUE_SHARE = 0.8;

export const INITIAL_POLL_STATE: PollState = {
  lastPolledAt: null,
  backoffUntil: null,
  rateLimitedStreak: 0,
  callStarts: [],
  agentsRefreshedAt: null,
  agentsFilter: null,
  agentUserPages: 0,
};

/**
 * Whether to poll now and which caches to refill. Skips rather than exceed the call budget; a
 * stale agent cache is kept (and its refresh deferred) while the budget only allows GET /status.
 */
export function planPoll(
  state: PollState,
  /** Watched sources whose channel is unknown or older than the cache TTL. */
  sourcesToResolve: readonly string[],
  policy: PollPolicy,
  nowMs: number,
): PollPlan {
  if (state.backoffUntil !== null && nowMs < state.backoffUntil) {
    return { kind: 'skip', reason: 'backing_off' };
  }
  if (state.lastPolledAt !== null && nowMs - state.lastPolledAt < policy.pollEveryMs * DUE_SHARE) {
    return { kind: 'skip', reason: 'not_due' };
  }
  const free = policy.callsPerMinute - callsInWindow(state.callStarts, nowMs);
  const pollCost = 1 + sourcesToResolve.length;
  const cacheUsable = state.agentsRefreshedAt !== null && state.agentsFilter === policy.agentsFilter;
  const cacheFresh = cacheUsable && nowMs - (state.agentsRefreshedAt ?? 0) < policy.agentCacheTtlMs;
  const refreshCost = Math.max(policy.userQueries, state.agentUserPages);
  if (!cacheFresh && free >= pollCost + refreshCost) {
    return { kind: 'poll', refreshAgents: true, resolveSourceIds: sourcesToResolve };
  }
  if (cacheUsable && free >= pollCost) {
    return { kind: 'poll', refreshAgents: false, resolveSourceIds: sourcesToResolve };
  }
  return { kind: 'skip', reason: 'over_budget' };
}

export function callsInWindow(callStarts: readonly number[], nowMs: number): number {
  return callStarts.filter((start) => start > nowMs - BUDGET_WINDOW_MS).length;
}

/** The window after `count` more calls at `nowMs`, older starts dropped. */
export function spendCalls(callStarts: readonly number[], count: number, nowMs: number): number[] {
  return [
    ...callStarts.filter((start) => start > nowMs - BUDGET_WINDOW_MS),
    ...Array.from({ length: count }, () => nowMs),
  ];
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
