import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Event ids already applied: RCED redelivers the same event in new records, at new offsets. */
@Entity({ name: 'processed_event' })
@Index('processed_event_age_idx', ['processedAt'])
export class ProcessedEvent {
  @PrimaryColumn('text')
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column('text')
  topic!: string;

  @Column('int')
  partition!: number;

  @Column({ type: 'bigint' })
  offset!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
