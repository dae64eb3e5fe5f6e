import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A record the consumer could not apply and moved past: why, and where it is (its copy on the
 * dead-letter topic has the whole value). Written in the transaction that moves the checkpoint past
 * it, so a parked record is never without its row, nor a row without the move.
 */
@Entity({ name: 'parked_record' })
@Index('parked_record_age_idx', ['parkedAt'])
export class ParkedRecord {
  @PrimaryColumn('text')
  consumer!: string;

  @PrimaryColumn('text')
  topic!: string;

  @PrimaryColumn('int')
  partition!: number;

  @PrimaryColumn({ type: 'bigint' })
  offset!: string;

  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId!: string | null;

  @Column({ name: 'event_type', type: 'text', nullable: true })
  eventType!: string | null;

  @Column({ name: 'record_key', type: 'text', nullable: true })
  recordKey!: string | null;

  /** `invalid` (will never apply: bad value, text Postgres refuses…) or `failed` (attempts used up). */
  @Column('text')
  cause!: 'invalid' | 'failed';

  @Column('text')
  reason!: string;

  @Column('int')
  attempts!: number;

  /** False when the dead-letter copy had to leave the value out (it could not be stored as it was). */
  @Column({ name: 'value_kept', type: 'boolean' })
  valueKept!: boolean;

  @Column({ name: 'parked_at', type: 'timestamptz', default: () => 'now()' })
  parkedAt!: Date;
}
