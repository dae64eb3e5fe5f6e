import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The poller's one row of bookkeeping, shared by its replicas: when it last polled, its 429
 * backoff, the starts of its Engage calls in the budget window, when its agent cache was built, and
 * its failed refreshes since.
 */
@Entity({ name: 'poll_state' })
export class PollStateRow {
  /** Always 1. */
  @PrimaryColumn('smallint')
  id!: number;

  @Column({ name: 'last_polled_at', type: 'timestamptz', nullable: true })
  lastPolledAt!: Date | null;

  @Column({ name: 'backoff_until', type: 'timestamptz', nullable: true })
  backoffUntil!: Date | null;

  @Column({ name: 'rate_limited_streak', type: 'integer', default: 0 })
  rateLimitedStreak!: number;

  @Column({ name: 'agents_refreshed_at', type: 'timestamptz', nullable: true })
  agentsRefreshedAt!: Date | null;

  @Column({ name: 'agents_filter', type: 'text', nullable: true })
  agentsFilter!: string | null;

  @Column({ name: 'agent_user_pages', type: 'integer', default: 0 })
  agentUserPages!: number;

  /** Failed agent refreshes in a row: the next one waits a delay doubled each time. */
  @Column({ name: 'agent_refresh_failures', type: 'integer', default: 0 })
  agentRefreshFailures!: number;

  @Column({ name: 'agent_refresh_failed_at', type: 'timestamptz', nullable: true })
  agentRefreshFailedAt!: Date | null;
}
