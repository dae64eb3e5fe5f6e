import {
  INITIAL_POLL_STATE,
  type PollPolicy,
  type PollState,
  backoffAfterRateLimit,
  callsInWindow,
  planPoll,
  spendCalls,
} from './poll-plan.decider';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const POLICY: PollPolicy = {
  pollEveryMs: 15_000,
  agentCacheTtlMs: 86_400_000,
  callsPerMinute: 60,
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
      expect(planPoll(INITIAL_POLL_STATE, ['source-1'], POLICY, NOW)).toEqual({
        kind: 'poll',
        refreshAgents: true,
        resolveSourceIds: ['source-1'],
      });
    });

    it('should poll only GET /status while the agent cache is within its TTL', () => {
      expect(planPoll(WARM, [], POLICY, NOW)).toEqual({
        kind: 'poll',
        refreshAgents: false,
        resolveSourceIds: [],
      });
    });

    it('should refresh the agent cache once its TTL has passed, or when the configured filter changed', () => {
      const expired = { ...WARM, agentsRefreshedAt: NOW - POLICY.agentCacheTtlMs };
      const otherFilter = { ...WARM, agentsFilter: 'team:agents' };

      expect(planPoll(expired, [], POLICY, NOW)).toMatchObject({ refreshAgents: true });
      expect(planPoll(otherFilter, [], POLICY, NOW)).toMatchObject({ refreshAgents: true });
    });

    it('should skip a tick when any replica polled less than most of a period ago', () => {
      expect(planPoll({ ...WARM, lastPolledAt: NOW - 5_000 }, [], POLICY, NOW)).toEqual({
        kind: 'skip',
        reason: 'not_due',
      });
    });

    it('should skip while backing off after a 429, and poll again after', () => {
      const state = { ...WARM, backoffUntil: NOW + 1 };

      expect(planPoll(state, [], POLICY, NOW)).toEqual({ kind: 'skip', reason: 'backing_off' });
      expect(planPoll(state, [], POLICY, NOW + 1)).toMatchObject({ kind: 'poll' });
    });

    it('should skip a poll rather than exceed the calls per minute', () => {
      const spent = { ...WARM, callStarts: Array.from({ length: 60 }, (_, i) => NOW - 59_000 + i) };

      expect(planPoll(spent, [], POLICY, NOW)).toEqual({ kind: 'skip', reason: 'over_budget' });
      expect(planPoll({ ...spent, callStarts: spent.callStarts.slice(1) }, [], POLICY, NOW)).toMatchObject({
        kind: 'poll',
      });
    });

    it('should count the calls older than a minute as spent no more', () => {
      const old = { ...WARM, callStarts: Array.from({ length: 60 }, () => NOW - 60_000) };

      expect(planPoll(old, [], POLICY, NOW)).toMatchObject({ kind: 'poll' });
    });

    it('should defer an expired cache refresh the budget cannot afford, and poll with the stale cache', () => {
      const state = {
        ...WARM,
        agentsRefreshedAt: NOW - POLICY.agentCacheTtlMs,
        callStarts: Array.from({ length: 58 }, () => NOW - 1_000),
      };

      expect(planPoll(state, [], POLICY, NOW)).toEqual({
        kind: 'poll',
        refreshAgents: false,
        resolveSourceIds: [],
      });
    });

    it('should not poll without an agent cache when the budget cannot pay for one', () => {
      const state = { ...INITIAL_POLL_STATE, callStarts: Array.from({ length: 59 }, () => NOW - 1_000) };

      expect(planPoll(state, [], POLICY, NOW)).toEqual({ kind: 'skip', reason: 'over_budget' });
    });

    it('should count each source to resolve as one call', () => {
      const state = { ...WARM, callStarts: Array.from({ length: 58 }, () => NOW - 1_000) };

      expect(planPoll(state, ['s1', 's2'], POLICY, NOW)).toEqual({ kind: 'skip', reason: 'over_budget' });
      expect(planPoll(state, ['s1'], POLICY, NOW)).toMatchObject({ kind: 'poll', resolveSourceIds: ['s1'] });
    });
  });

  describe(spendCalls.name, () => {
    it('should add the calls at now and forget those out of the window', () => {
      const starts = spendCalls([NOW - 61_000, NOW - 30_000], 2, NOW);

      expect(starts).toEqual([NOW - 30_000, NOW, NOW]);
      expect(callsInWindow(starts, NOW + 30_000)).toBe(2);
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
