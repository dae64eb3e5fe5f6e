import { AVAILABILITY_EVENTS } from '@handover/contracts';
import {
  EngageApiError,
  EngageApiErrorCode,
  EngageClient,
  type EngageAgentStatus,
} from '@handover/engage-client';
import { appendToOutbox, DATA_SOURCE, PlatformQuota } from '@handover/event-runtime';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type AgentPermission, agentPermissions, agentsFilterKey } from '../agents/agent-permissions';
import {
  AVAILABILITY_POLLER_CONFIG,
  type AvailabilityPollerConfig,
} from '../config/availability-poller.config';
import { type WatchedSource, decideAvailability } from './availability.decider';
import { MeteredEngage } from './metered-engage';
import { type PollOutcome } from './poll-outcome';
import {
  type AgentRefresh,
  type PollPlan,
  type PollPolicy,
  type PollState,
  afterAgentRefreshFailure,
  agentRefreshRetryAt,
  backoffAfterRateLimit,
  callsOf,
  planPoll,
} from './poll-plan.decider';
import { PollMetrics } from './poll.metrics';
import { type CachedSourceChannel, PollerStateRepository } from '../projection/poller-state.repository';
import { CLOCK, type Clock } from './poller.tokens';

/** A slot's lease beyond the poll's calls' own timeouts. */
const LEASE_MARGIN_MS = 5_000;

interface PollInputs {
  state: PollState;
  channels: ReadonlyMap<string, CachedSourceChannel>;
  engage: MeteredEngage;
  now: Date;
}

/** What the Engage calls of one poll brought back; kept even when a later call of the poll fails. */
interface Fetched {
  agents?: { permissions: AgentPermission[]; pages: number };
  /** GET /users failed (not with a 429): the refresh waits for its retry delay. */
  agentRefreshFailed?: boolean;
  resolved: WatchedSource[];
  statuses?: EngageAgentStatus[];
}

/**
 * One poll, in one transaction under an advisory lock: plan (due? budget? caches stale?), call
 * Engage, decide, then write the caches, the last published values, the outbox rows and the
 * bookkeeping together, so an event is in the outbox exactly when its "last published" value is.
 */
@Injectable()
export class AvailabilityPollService {
  private readonly logger = new Logger(AvailabilityPollService.name);
  private readonly policy: PollPolicy;
  private readonly sourceIds: readonly string[];
  private readonly agentCategoryId?: string;
  private readonly agentTeamId?: string;
  private readonly snapshotEveryMs: number;
  private readonly cacheTtlMs: number;
  private readonly timeoutMs: number;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(AVAILABILITY_POLLER_CONFIG) { app, engage }: AvailabilityPollerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly client: EngageClient,
    private readonly repository: PollerStateRepository,
    private readonly metrics: PollMetrics,
    private readonly quota: PlatformQuota,
  ) {
    this.agentCategoryId = app.AGENT_CATEGORY_ID;
    this.agentTeamId = app.AGENT_TEAM_ID;
    this.sourceIds = app.AVAILABILITY_SOURCE_IDS;
    this.snapshotEveryMs = app.AVAILABILITY_SNAPSHOT_MS;
    this.timeoutMs = engage.ENGAGE_TIMEOUT_MS;
    this.cacheTtlMs = app.AGENT_CACHE_TTL_MS;
    this.policy = {
      pollEveryMs: app.AVAILABILITY_POLL_MS,
      agentCacheTtlMs: app.AGENT_CACHE_TTL_MS,
      agentsFilter: agentsFilterKey({ categoryId: app.AGENT_CATEGORY_ID, teamId: app.AGENT_TEAM_ID }),
      userQueries: [app.AGENT_CATEGORY_ID, app.AGENT_TEAM_ID].filter(Boolean).length,
    };
  }

  async pollOnce(): Promise<PollOutcome> {
    let outcome: PollOutcome = 'failed';
    try {
      outcome = await this.dataSource.transaction((manager) => this.pollIn(manager, this.clock()));
      return outcome;
    } finally {
      this.metrics.poll(outcome);
    }
  }

  private async pollIn(manager: EntityManager, now: Date): Promise<PollOutcome> {
    if (!(await this.repository.tryLock(manager))) {
      return 'locked';
    }
    const nowMs = now.getTime();
    const state = await this.repository.loadState(manager);
    this.metrics.agentCacheRefreshedAt(state.agentsRefreshedAt);
    const channels = await this.repository.loadSourceChannels(manager);
    const stale = this.sourceIds.filter((id) => {
      const cached = channels.get(id);
      return !cached || nowMs - cached.resolvedAtMs >= this.cacheTtlMs;
    });
    const due = planPoll(state, stale, this.policy, nowMs, Infinity);
    if (due.kind === 'skip') {
      return due.reason;
    }
    const calls = callsOf(due, state, this.policy);
    const grant = await this.quota.take(calls, 'low', calls * this.timeoutMs + LEASE_MARGIN_MS);
    const engage = new MeteredEngage(this.client, this.metrics);
    try {
      return await this.pollWith(manager, planPoll(state, stale, this.policy, nowMs, grant.ids.length), {
        state,
        channels,
        engage,
        now,
      });
    } finally {
      await this.settleSlots(grant.ids, engage.spent);
    }
  }

  private async pollWith(
    manager: EntityManager,
    plan: PollPlan,
    { state, channels, engage, now }: PollInputs,
  ): Promise<PollOutcome> {
    if (plan.kind === 'skip') {
      return plan.reason;
    }
    const nowMs = now.getTime();
    const fetched: Fetched = { resolved: [] };
    try {
      await this.fetch(engage, plan, state, fetched, nowMs);
    } catch (error) {
      await this.saveCaches(manager, fetched, now);
      return this.recordFailure(manager, this.afterCalls(state, nowMs, fetched), error, nowMs);
    }
    const allowed = await this.saveCaches(manager, fetched, now);
    const decision = decideAvailability(
      {
        statuses: fetched.statuses ?? [],
        allowedAgentIds: allowed,
        sources: this.watchedSources(channels, fetched.resolved),
        lastPublished: await this.repository.loadLastPublished(manager),
      },
      { snapshotEveryMs: this.snapshotEveryMs },
      now,
    );
    await this.repository.savePublished(manager, decision.published);
    await appendToOutbox(
      manager,
      decision.events.map((event) => AVAILABILITY_EVENTS.record(event)),
    );
    const after = this.afterCalls(state, nowMs, fetched);
    await this.repository.saveState(manager, { ...after, backoffUntil: null, rateLimitedStreak: 0 });
    this.metrics.agentCacheRefreshedAt(after.agentsRefreshedAt);
    this.metrics.available(decision.available);
    this.metrics.published(decision.events.map((event) => event.type));
    return decision.events.length > 0 ? 'published' : 'unchanged';
  }

  /** The calls made hold their slots for a window; those not made are given back at once. */
  private async settleSlots(ids: readonly string[], spent: number): Promise<void> {
    await this.quota.end(ids.slice(0, spent));
    await this.quota.giveBack(ids.slice(spent));
    // GET /users walked more pages than its last refresh took: counted, so every app sees them.
    await this.quota.record(spent - ids.length, 'low');
  }

  /** Cache fills first, GET /status last: the statuses are the freshest part of the decision. */
  private async fetch(
    engage: MeteredEngage,
    plan: Extract<PollPlan, { kind: 'poll' }>,
    state: PollState,
    into: Fetched,
    nowMs: number,
  ): Promise<void> {
    if (plan.agentRefresh !== 'none') {
      await this.refreshAgents(engage, plan.agentRefresh, state, into, nowMs);
    }
    for (const sourceId of plan.resolveSourceIds) {
      try {
        const source = await engage.source(sourceId);
        into.resolved.push({ sourceId, channelId: source.channel_id });
      } catch (error) {
        if (!(error instanceof EngageApiError) || error.code !== EngageApiErrorCode.ClientError) {
          throw error;
        }
        // A wrong id or a missing permission must not blind the poller to the other sources.
        this.logger.error(`Source ${sourceId} cannot be read (${error.status}): not watched until it can be`);
      }
    }
    into.statuses = await engage.statuses();
  }

  /**
   * A failed refresh (GET /users down, slow, refusing) must not freeze availability: the cached
   * agents, at most a TTL plus the outage old, stand in and GET /status is still called. A 429
   * fails the poll, so the whole poller backs off.
   */
  private async refreshAgents(
    engage: MeteredEngage,
    refresh: Exclude<AgentRefresh, 'none'>,
    state: PollState,
    into: Fetched,
    nowMs: number,
  ): Promise<void> {
    const before = engage.spent;
    try {
      const byCategory = this.agentCategoryId ? await engage.users({ categoryId: this.agentCategoryId }) : [];
      const byTeam = this.agentTeamId ? await engage.users({ teamId: this.agentTeamId }) : [];
      into.agents = { permissions: agentPermissions(byCategory, byTeam), pages: engage.spent - before };
      this.metrics.agentRefresh('succeeded');
      this.logger.log(`Agent cache refreshed: ${into.agents.permissions.length} agents`);
    } catch (error) {
      if (error instanceof EngageApiError && error.code === EngageApiErrorCode.RateLimited) {
        this.metrics.agentRefresh('rate_limited');
        throw error;
      }
      this.metrics.agentRefresh('failed');
      into.agentRefreshFailed = true;
      if (refresh === 'required') {
        // No cache yet (or one built for another filter): nothing is known about who may take a
        // thread, so nothing can be decided; the poll fails and the next one tries again.
        throw error;
      }
      const retryAt = agentRefreshRetryAt(
        { ...state, ...afterAgentRefreshFailure(state, nowMs) },
        this.policy,
      );
      this.logger.warn(
        `Agent refresh failed (${safeDescription(error)}): the cached agents, refreshed ` +
          `${new Date(state.agentsRefreshedAt ?? nowMs).toISOString()}, stand in; next attempt after ` +
          `${new Date(retryAt ?? nowMs).toISOString()}`,
      );
    }
  }

  /** Persists the cache fills; returns the allowed agents the decision uses. */
  private async saveCaches(manager: EntityManager, fetched: Fetched, now: Date): Promise<Set<string>> {
    await this.repository.saveSourceChannels(manager, fetched.resolved, now);
    if (!fetched.agents) {
      return this.repository.loadAgentIds(manager);
    }
    await this.repository.replaceAgents(manager, fetched.agents.permissions);
    return new Set(fetched.agents.permissions.map((agent) => agent.userId));
  }

  /** A source whose channel could not be read yet keeps the channel cached before, if any. */
  private watchedSources(
    cached: ReadonlyMap<string, CachedSourceChannel>,
    resolved: readonly WatchedSource[],
  ): WatchedSource[] {
    const fresh = new Map(resolved.map((source) => [source.sourceId, source]));
    return this.sourceIds.flatMap((sourceId) => {
      const source = fresh.get(sourceId) ?? cached.get(sourceId);
      return source ? [{ sourceId, channelId: source.channelId }] : [];
    });
  }

  private afterCalls(state: PollState, nowMs: number, fetched: Fetched): PollState {
    return {
      ...state,
      lastPolledAt: nowMs,
      ...(fetched.agents
        ? {
            agentsRefreshedAt: nowMs,
            agentsFilter: this.policy.agentsFilter,
            agentUserPages: fetched.agents.pages,
            agentRefreshFailures: 0,
            agentRefreshFailedAt: null,
          }
        : {}),
      ...(fetched.agentRefreshFailed ? afterAgentRefreshFailure(state, nowMs) : {}),
    };
  }

  /** A 429 holds every replica back until its Retry-After. */
  private async recordFailure(
    manager: EntityManager,
    state: PollState,
    error: unknown,
    nowMs: number,
  ): Promise<PollOutcome> {
    if (error instanceof EngageApiError && error.code === EngageApiErrorCode.RateLimited) {
      const backoff = backoffAfterRateLimit(state, error.retryAfterSeconds, this.policy, nowMs);
      await this.repository.saveState(manager, { ...state, ...backoff });
      this.logger.warn(`Engage answered 429: no call before ${new Date(backoff.backoffUntil).toISOString()}`);
      return 'rate_limited';
    }
    await this.repository.saveState(manager, state);
    this.logger.warn(
      `Poll failed, retried at the next period: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 'failed';
  }
}

/** Engage errors are built without URL or token; any other error is named, its message left out. */
function safeDescription(error: unknown): string {
  if (error instanceof EngageApiError) {
    return error.message;
  }
  return error instanceof Error ? error.name : 'unknown error';
}
