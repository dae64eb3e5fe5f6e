import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A UTC day whose conversations a projection batch changed, appended in the batch's transaction
 * (append-only, so concurrent batches never wait on each other). The refresher deletes the rows
 * it saw when it stores the day again; a day with a row left is read live.
 */
@Entity({ name: 'stats_day_change' })
@Index('stats_day_change_day_idx', ['day', 'changedAt'])
export class DayChange {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'date' })
  day!: string;

  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
