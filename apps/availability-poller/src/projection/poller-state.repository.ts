import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type AgentPermission } from '../agents/agent-permissions';
import { AgentCacheRow } from './agent-cache.entity';
import { SourceChannelRow } from './source-channel.entity';
import { type PublishedAvailability, type WatchedSource } from '../polling/availability.decider';
import { INITIAL_POLL_STATE, type PollState } from '../polling/poll-plan.decider';
import { PollStateRow } from './poll-state.entity';
import { SourceAvailabilityRow } from './source-availability.entity';

const STATE_ROW_ID = 1;

export interface CachedSourceChannel extends WatchedSource {
  resolvedAtMs: number;
}

/** The poller's tables, always read and written inside the poll's transaction. */
@Injectable()
export class PollerStateRepository {
  /**
   * One poll at a time across replicas: a transaction-scoped lock, released by the commit or by
   * the connection's end if the process dies mid-poll.
   */
  async tryLock(manager: EntityManager): Promise<boolean> {
    const rows: Array<{ locked: boolean }> = await manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.availability_poll')) AS locked`,
    );
    return rows[0]?.locked === true;
  }

  async loadState(manager: EntityManager): Promise<PollState> {
    const row = await manager.findOneBy(PollStateRow, { id: STATE_ROW_ID });
    if (!row) {
      return INITIAL_POLL_STATE;
    }
    return {
      lastPolledAt: row.lastPolledAt?.getTime() ?? null,
      backoffUntil: row.backoffUntil?.getTime() ?? null,
      rateLimitedStreak: row.rateLimitedStreak,
      agentsRefreshedAt: row.agentsRefreshedAt?.getTime() ?? null,
      agentsFilter: row.agentsFilter,
      agentUserPages: row.agentUserPages,
      agentRefreshFailures: row.agentRefreshFailures,
      agentRefreshFailedAt: row.agentRefreshFailedAt?.getTime() ?? null,
    };
  }

  async saveState(manager: EntityManager, state: PollState): Promise<void> {
    const date = (ms: number | null) => (ms === null ? null : new Date(ms));
    await manager.save(PollStateRow, {
      id: STATE_ROW_ID,
      lastPolledAt: date(state.lastPolledAt),
      backoffUntil: date(state.backoffUntil),
      rateLimitedStreak: state.rateLimitedStreak,
      agentsRefreshedAt: date(state.agentsRefreshedAt),
      agentsFilter: state.agentsFilter,
      agentUserPages: state.agentUserPages,
      agentRefreshFailures: state.agentRefreshFailures,
      agentRefreshFailedAt: date(state.agentRefreshFailedAt),
    });
  }

  async loadAgentIds(manager: EntityManager): Promise<Set<string>> {
    const rows = await manager.find(AgentCacheRow, { select: { userId: true } });
    return new Set(rows.map((row) => row.userId));
  }

  async replaceAgents(manager: EntityManager, agents: readonly AgentPermission[]): Promise<void> {
    await manager.query(`DELETE FROM agent_cache`);
    if (agents.length === 0) {
      return;
    }
    await manager.query(
      `INSERT INTO agent_cache (user_id, via_category, via_team)
       SELECT * FROM unnest($1::text[], $2::boolean[], $3::boolean[])`,
      [agents.map((a) => a.userId), agents.map((a) => a.viaCategory), agents.map((a) => a.viaTeam)],
    );
  }

  async loadSourceChannels(manager: EntityManager): Promise<Map<string, CachedSourceChannel>> {
    const rows = await manager.find(SourceChannelRow);
    return new Map(
      rows.map((row) => [
        row.sourceId,
        { sourceId: row.sourceId, channelId: row.channelId, resolvedAtMs: row.resolvedAt.getTime() },
      ]),
    );
  }

  async saveSourceChannels(
    manager: EntityManager,
    sources: readonly WatchedSource[],
    now: Date,
  ): Promise<void> {
    if (sources.length > 0) {
      await manager.save(
        SourceChannelRow,
        sources.map(({ sourceId, channelId }) => ({ sourceId, channelId, resolvedAt: now })),
      );
    }
  }

  async loadLastPublished(manager: EntityManager): Promise<Map<string, PublishedAvailability>> {
    const rows = await manager.find(SourceAvailabilityRow);
    return new Map(
      rows.map((row) => [
        row.sourceId,
        {
          sourceId: row.sourceId,
          channelId: row.channelId,
          agentIds: row.agentIds,
          publishedAt: row.publishedAt.toISOString(),
          snapshotAt: row.snapshotAt?.toISOString() ?? null,
        },
      ]),
    );
  }

  async savePublished(manager: EntityManager, published: readonly PublishedAvailability[]): Promise<void> {
    if (published.length > 0) {
      await manager.save(
        SourceAvailabilityRow,
        published.map((p) => ({
          sourceId: p.sourceId,
          channelId: p.channelId,
          agentIds: [...p.agentIds],
          publishedAt: new Date(p.publishedAt),
          snapshotAt: p.snapshotAt === null ? null : new Date(p.snapshotAt),
        })),
      );
    }
  }
}
