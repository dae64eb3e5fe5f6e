import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per UTC minute, source and language: the bot's handover requests and replies, and the waiting
 * queue's net change (GET /analytics/timeseries; docs/metrics.md, "Time series"). Summed by
 * every batch, so the key carries '' for a source or language the event did not name.
 */
@Entity({ name: 'stats_series_minute' })
export class SeriesMinute {
  /** The minute's start. */
  @PrimaryColumn({ type: 'timestamptz' })
  at!: Date;

  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId!: string;

  @PrimaryColumn({ type: 'text' })
  language!: string;

  @Column({ name: 'handover_requests', type: 'int' })
  handoverRequests!: number;

  @Column({ name: 'bot_replies', type: 'int' })
  botReplies!: number;

  /** Threads that began waiting for an agent minus those that stopped. */
  @Column({ name: 'waiting_change', type: 'int' })
  waitingChange!: number;
}
