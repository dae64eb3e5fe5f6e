import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One event of a thread, whatever its topic: the timeline the analytics API shows. Keyed by thread
 * then event id, so one index serves both the thread's timeline and the insert-once of a record
 * (a redelivered event carries the same thread).
 */
@Entity({ name: 'stats_timeline' })
export class TimelineEntry {
  @PrimaryColumn({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

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
