import { METRICS_REGISTRY } from '@handover/observability';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { type PollOutcome } from './poll-outcome';
import { CLOCK, type Clock } from './poller.tokens';

/** How an agent refresh (GET /users) ended; a failed one leaves the cached agents in use. */
export type AgentRefreshOutcome = 'succeeded' | 'failed' | 'rate_limited';

/**
 * What an operator watches: polls by outcome, Engage calls spent on the budget, agents per source,
 * and whether the agent permissions are current (refreshes by outcome, the cache's age).
 */
@Injectable()
export class PollMetrics {
  private readonly polls: Counter<'outcome'>;
  private readonly calls: Counter<'endpoint'>;
  private readonly events: Counter<'type'>;
  private readonly agents: Gauge<'source_id'>;
  private readonly agentRefreshes: Counter<'outcome'>;
  private agentsRefreshedAt: number | null = null;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.polls = new Counter({
      name: 'availability_poller_polls_total',
      help: 'Poll ticks by outcome (published, unchanged, not_due, locked, backing_off, over_budget, rate_limited, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.calls = new Counter({
      name: 'availability_poller_engage_calls_total',
      help: 'Engage requests made by polls (each counted in the platform quota), by endpoint',
      labelNames: ['endpoint'],
      registers: [registry],
    });
    this.events = new Counter({
      name: 'availability_poller_events_total',
      help: 'Availability events written to the outbox, by type',
      labelNames: ['type'],
      registers: [registry],
    });
    this.agents = new Gauge({
      name: 'availability_poller_available_agents',
      help: 'Allowed agents available on the source channel at the last poll',
      labelNames: ['source_id'],
      registers: [registry],
    });
    this.agentRefreshes = new Counter({
      name: 'availability_poller_agent_refreshes_total',
      help: 'Agent permission refreshes (GET /users) by outcome (succeeded, failed: the cached agents stay in use, rate_limited)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    const cacheAge: Gauge = new Gauge({
      name: 'availability_poller_agent_cache_age_seconds',
      help: 'Age of the agent permissions in use (since their last successful refresh); NaN before the first',
      registers: [registry],
      collect: () => cacheAge.set(this.agentCacheAgeSeconds()),
    });
  }

  poll(outcome: PollOutcome): void {
    this.polls.inc({ outcome });
  }

  call(endpoint: string, count: number): void {
    this.calls.inc({ endpoint }, count);
  }

  published(types: readonly string[]): void {
    types.forEach((type) => this.events.inc({ type }));
  }

  agentRefresh(outcome: AgentRefreshOutcome): void {
    this.agentRefreshes.inc({ outcome });
  }

  /** As last read from or written to the poll state; the age is computed at each scrape. */
  agentCacheRefreshedAt(refreshedAtMs: number | null): void {
    this.agentsRefreshedAt = refreshedAtMs;
  }

  available(bySource: ReadonlyMap<string, readonly string[]>): void {
    bySource.forEach((agentIds, sourceId) => this.agents.set({ source_id: sourceId }, agentIds.length));
  }

  private agentCacheAgeSeconds(): number {
    if (this.agentsRefreshedAt === null) {
      return Number.NaN;
    }
    return Math.max(0, this.clock().getTime() - this.agentsRefreshedAt) / 1000;
  }
}
