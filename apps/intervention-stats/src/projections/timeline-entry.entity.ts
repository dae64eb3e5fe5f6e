import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One event of a thread, whatever its topic: the timeline the analytics API shows. */
@Entity({ name: 'stats_timeline' })
@Index('stats_timeline_thread_idx', ['threadId', 'at'])
export class TimelineEntry {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text' })
  type!: string;

  /** The few fields worth reading on a timeline (who, why, which categories). */
  @Column({ type: 'jsonb' })
  detail!: Record<string, unknown>;
}
