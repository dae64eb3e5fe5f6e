import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where handover routed a thread (handover.events.v1 only). */
@Entity({ name: 'stats_thread_handover' })
@Index('stats_thread_handover_route_at_idx', ['routeAt'])
export class ThreadHandoverStats {
  @PrimaryColumn({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @Column({ name: 'first_queued_at', type: 'timestamptz', nullable: true })
  firstQueuedAt!: Date | null;

  @Column({ name: 'first_handed_over_at', type: 'timestamptz', nullable: true })
  firstHandedOverAt!: Date | null;

  @Column({ name: 'handover_trigger', type: 'text', nullable: true })
  handoverTrigger!: string | null;

  @Column({ name: 'waited_ms', type: 'bigint', nullable: true })
  waitedMs!: string | null;

  @Column({ type: 'int', default: 0 })
  handovers!: number;

  @Column({ name: 'returns_to_bot', type: 'int', default: 0 })
  returnsToBot!: number;

  /** BOT, WAITING, AGENT or CLOSED after the latest routing event; null: never routed by handover. */
  @Column({ type: 'text', nullable: true })
  route!: string | null;

  @Column({ name: 'route_at', type: 'timestamptz', nullable: true })
  routeAt!: Date | null;

  /**
   * The source and language of the handover.queued that began its latest wait: the time series
   * count the wait, and its end, under them (time-series.evolve.ts).
   */
  @Column({ name: 'waiting_source_id', type: 'text', nullable: true })
  waitingSourceId!: string | null;

  @Column({ name: 'waiting_language', type: 'text', nullable: true })
  waitingLanguage!: string | null;
}
