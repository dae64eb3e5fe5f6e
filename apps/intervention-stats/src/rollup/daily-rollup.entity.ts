import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One UTC day × source × language of conversations, as of its last refresh (DailyRollupRefresher):
 * what lets a month's figures be read from a few hundred rows. A day changed since is listed in
 * stats_day_change, and read live until it is refreshed again.
 */
@Entity({ name: 'stats_daily' })
@Index('stats_daily_day_idx', ['day', 'sourceId', 'language'])
export class DailyRollup {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'date' })
  day!: string;

  @Column({ name: 'source_id', type: 'text', nullable: true })
  sourceId!: string | null;

  @Column({ type: 'text', nullable: true })
  language!: string | null;

  @Column({ type: 'int' })
  conversations!: number;

  @Column({ name: 'resolved_by_bot', type: 'int' })
  resolvedByBot!: number;

  @Column({ name: 'handed_over', type: 'int' })
  handedOver!: number;

  @Column({ type: 'int' })
  waiting!: number;

  @Column({ name: 'with_bot', type: 'int' })
  withBot!: number;

  @Column({ name: 'handover_requests', type: 'int' })
  handoverRequests!: number;

  @Column({ type: 'int' })
  queued!: number;

  @Column({ name: 'with_closed_intervention', type: 'int' })
  withClosedIntervention!: number;

  @Column({ type: 'int' })
  reopened!: number;

  @Column({ name: 'bounced_back', type: 'int' })
  bouncedBack!: number;

  /** Handed-over conversations by reason: {"explicit": 12, …}. */
  @Column({ name: 'handed_over_by_reason', type: 'jsonb' })
  handedOverByReason!: Record<string, number>;

  /** Duration histograms: bucket → count (rollup/duration-histogram.ts). */
  @Column({ name: 'first_bot_reply_ms', type: 'jsonb' })
  firstBotReplyMs!: Record<string, number>;

  @Column({ name: 'handover_ms', type: 'jsonb' })
  handoverMs!: Record<string, number>;

  @Column({ name: 'waiting_ms', type: 'jsonb' })
  waitingMs!: Record<string, number>;
}
