import { METRICS_REGISTRY } from '@handover/observability';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { type PollOutcome } from './poll-outcome';

/** What an operator watches: polls by outcome, Engage calls spent on the budget, agents per source. */
@Injectable()
export class PollMetrics {
  private readonly polls: Counter<'outcome'>;
  private readonly calls: Counter<'endpoint'>;
  private readonly events: Counter<'type'>;
  private readonly agents: Gauge<'source_id'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.polls = new Counter({
      name: 'availability_poller_polls_total',
      help: 'Poll ticks by outcome (published, unchanged, not_due, locked, backing_off, over_budget, rate_limited, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.calls = new Counter({
      name: 'availability_poller_engage_calls_total',
      help: 'Engage requests counted against ENGAGE_CALLS_PER_MINUTE, by endpoint',
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

  available(bySource: ReadonlyMap<string, readonly string[]>): void {
    bySource.forEach((agentIds, sourceId) => this.agents.set({ source_id: sourceId }, agentIds.length));
  }
}
