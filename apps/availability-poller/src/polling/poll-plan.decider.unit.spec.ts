import {
  AGENT_REFRESH_RETRY_FIRST_MS,
  AGENT_REFRESH_RETRY_MAX_MS,
  INITIAL_POLL_STATE,
  afterAgentRefreshFailure,
  agentRefreshRetryAt,
  type PollPolicy,
  type PollState,
  backoffAfterRateLimit,
  callsOf,
  planPoll,
} from './poll-plan.decider';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const POLICY: PollPolicy = {
  pollEveryMs: 15_000,
  agentCacheTtlMs: 86_400_000,
  agentsFilter: 'category:agent',
  userQueries: 1,
};
const WARM: PollState = {
  ...INITIAL_POLL_STATE,
  lastPolledAt: NOW - 15_000,
  agentsRefreshedAt: NOW - 3_600_000,
  agentsFilter: 'category:agent',
  agentUserPages: 2,
};

describe('poll plan decider', () => {
  describe(planPoll.name, () => {
    it('should fill every cache on the first poll', () => {
      expect(planPoll(INITIAL_POLL_STATE, ['source-1'], POLICY, NOW, Infinity)).toEqual({
        kind: 'poll',
        agentRefresh: 'required',
        resolveSourceIds: ['source-1'],
      });
    });

    it('should poll only GET /status while the agent cache is within its TTL', () => {
      expect(planPoll(WARM, [], POLICY, NOW, Infinity)).toEqual({
        kind: 'poll',
        agentRefresh: 'none',
        resolveSourceIds: [],
      });
    });

    it('should refresh the agent cache once its TTL has passed, or when the configured filter changed', () => {
      const expired = { ...WARM, agentsRefreshedAt: NOW - POLICY.agentCacheTtlMs };
      const otherFilter = { ...WARM, agentsFilter: 'team:agents' };

      expect(planPoll(expired, [], POLICY, NOW, Infinity)).toMatchObject({ agentRefresh: 'with_fallback' });
      expect(planPoll(otherFilter, [], POLICY, NOW, Infinity)).toMatchObject({ agentRefresh: 'required' });
    });

    it('should skip a tick when any replica polled less than most of a period ago', () => {
      expect(planPoll({ ...WARM, lastPolledAt: NOW - 5_000 }, [], POLICY, NOW, Infinity)).toEqual({
        kind: 'skip',
        reason: 'not_due',
      });
    });

    it('should skip while backing off after a 429, and poll again after', () => {
      const state = { ...WARM, backoffUntil: NOW + 1 };

      expect(planPoll(state, [], POLICY, NOW, Infinity)).toEqual({ kind: 'skip', reason: 'backing_off' });
      expect(planPoll(state, [], POLICY, NOW + 1, Infinity)).toMatchObject({ kind: 'poll' });
    });

    it('should skip a poll rather than exceed the calls the quota grants', () => {
      expect(planPoll(WARM, [], POLICY, NOW, 0)).toEqual({ kind: 'skip', reason: 'over_budget' });
      expect(planPoll(WARM, [], POLICY, NOW, 1)).toMatchObject({ kind: 'poll' });
    });

    it('should defer an expired cache refresh the quota cannot afford, and poll with the stale cache', () => {
      const state = { ...WARM, agentsRefreshedAt: NOW - POLICY.agentCacheTtlMs };

      expect(planPoll(state, [], POLICY, NOW, 2)).toEqual({
        kind: 'poll',
        agentRefresh: 'none',
        resolveSourceIds: [],
      });
      expect(planPoll(state, [], POLICY, NOW, 3)).toMatchObject({ agentRefresh: 'with_fallback' });
    });

    it('should not poll without an agent cache when the quota cannot pay for one', () => {
      expect(planPoll(INITIAL_POLL_STATE, [], POLICY, NOW, 1)).toEqual({
        kind: 'skip',
        reason: 'over_budget',
      });
    });

    it('should count each source to resolve as one call', () => {
      expect(planPoll(WARM, ['s1', 's2'], POLICY, NOW, 2)).toEqual({ kind: 'skip', reason: 'over_budget' });
      expect(planPoll(WARM, ['s1'], POLICY, NOW, 2)).toMatchObject({
        kind: 'poll',
        resolveSourceIds: ['s1'],
      });
    });
  });

  describe(callsOf.name, () => {
    it('should count GET /status, each source, and the expected pages of an agent refresh', () => {
      const plan = planPoll({ ...WARM, agentsRefreshedAt: null }, ['s1'], POLICY, NOW, Infinity);
      if (plan.kind !== 'poll') {
        throw new Error('expected a poll');
      }

      expect(callsOf(plan, WARM, POLICY)).toBe(1 + 1 + WARM.agentUserPages);
      expect(callsOf({ ...plan, agentRefresh: 'none' }, WARM, POLICY)).toBe(2);
    });
  });

  describe('after a failed agent refresh', () => {
    const expired: PollState = { ...WARM, agentsRefreshedAt: NOW - POLICY.agentCacheTtlMs - 60_000 };
    const failedOnce: PollState = { ...expired, ...afterAgentRefreshFailure(expired, NOW) };

    it('should poll GET /status with the cached agents, not GET /users, until the retry delay has passed', () => {
      const later = NOW + POLICY.pollEveryMs;

      expect(planPoll({ ...failedOnce, lastPolledAt: NOW }, [], POLICY, later, Infinity)).toEqual({
        kind: 'poll',
        agentRefresh: 'none',
        resolveSourceIds: [],
      });
      expect(
        planPoll(
          { ...failedOnce, lastPolledAt: NOW },
          [],
          POLICY,
          NOW + AGENT_REFRESH_RETRY_FIRST_MS,
          Infinity,
        ),
      ).toMatchObject({ kind: 'poll', agentRefresh: 'with_fallback' });
    });

    it('should double the delay with each failure in a row, up to fifteen minutes', () => {
      const failedTimes = (failures: number): PollState => ({
        ...expired,
        agentRefreshFailures: failures,
        agentRefreshFailedAt: NOW,
      });

      expect(agentRefreshRetryAt(failedTimes(1), POLICY)).toBe(NOW + 30_000);
      expect(agentRefreshRetryAt(failedTimes(2), POLICY)).toBe(NOW + 60_000);
      expect(agentRefreshRetryAt(failedTimes(5), POLICY)).toBe(NOW + 480_000);
      expect(agentRefreshRetryAt(failedTimes(6), POLICY)).toBe(NOW + AGENT_REFRESH_RETRY_MAX_MS);
      expect(agentRefreshRetryAt(failedTimes(2_000), POLICY)).toBe(NOW + AGENT_REFRESH_RETRY_MAX_MS);
    });

    it('should never wait longer than the cache TTL when it is shorter', () => {
      const policy = { ...POLICY, agentCacheTtlMs: 5_000 };

      expect(agentRefreshRetryAt(failedOnce, policy)).toBe(NOW + 5_000);
      expect(agentRefreshRetryAt({ ...failedOnce, agentRefreshFailures: 8 }, policy)).toBe(NOW + 5_000);
    });

    it('should count the failures in a row from the state', () => {
      const failedTwice = { ...failedOnce, ...afterAgentRefreshFailure(failedOnce, NOW + 30_000) };

      expect(failedTwice).toMatchObject({ agentRefreshFailures: 2, agentRefreshFailedAt: NOW + 30_000 });
      expect(agentRefreshRetryAt(failedTwice, POLICY)).toBe(NOW + 90_000);
    });

    it('should have no retry delay when no refresh failed since the last success', () => {
      expect(agentRefreshRetryAt(expired, POLICY)).toBeNull();
      expect(planPoll(expired, [], POLICY, NOW, Infinity)).toMatchObject({ agentRefresh: 'with_fallback' });
    });

    it('should try at every poll when there is no usable cache to fall back on', () => {
      const firstStart = { ...INITIAL_POLL_STATE, ...afterAgentRefreshFailure(INITIAL_POLL_STATE, NOW) };
      const otherFilter = { ...failedOnce, agentsFilter: 'team:agents' };

      expect(planPoll(firstStart, [], POLICY, NOW + 1, Infinity)).toMatchObject({ agentRefresh: 'required' });
      expect(planPoll(otherFilter, [], POLICY, NOW + POLICY.pollEveryMs, Infinity)).toMatchObject({
        agentRefresh: 'required',
      });
    });

    it('should still skip while backing off after a 429, whatever the retry delay', () => {
      const state = { ...failedOnce, backoffUntil: NOW + 60_000 };

      expect(planPoll(state, [], POLICY, NOW + AGENT_REFRESH_RETRY_FIRST_MS, Infinity)).toEqual({
        kind: 'skip',
        reason: 'backing_off',
      });
    });
  });

  describe(backoffAfterRateLimit.name, () => {
    it("should wait for the 429's Retry-After when Engage sent one", () => {
      expect(backoffAfterRateLimit(WARM, 2, POLICY, NOW)).toEqual({
        backoffUntil: NOW + 2_000,
        rateLimitedStreak: 1,
      });
    });

    it('should double from one poll period per 429 in a row without Retry-After, up to ten minutes', () => {
      expect(backoffAfterRateLimit(WARM, undefined, POLICY, NOW).backoffUntil).toBe(NOW + 15_000);
      expect(
        backoffAfterRateLimit({ ...WARM, rateLimitedStreak: 2 }, undefined, POLICY, NOW).backoffUntil,
      ).toBe(NOW + 60_000);
      expect(
        backoffAfterRateLimit({ ...WARM, rateLimitedStreak: 9 }, undefined, POLICY, NOW).backoffUntil,
      ).toBe(NOW + 600_000);
    });
  });
});
