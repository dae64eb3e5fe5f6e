import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One UTC day (opened) × source × opener × closer of interventions, as of its last refresh. */
@Entity({ name: 'stats_daily_intervention' })
@Index('stats_daily_intervention_day_idx', ['day', 'sourceId'])
export class DailyInterventionRollup {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'date' })
  day!: string;

  @Column({ name: 'source_id', type: 'text', nullable: true })
  sourceId!: string | null;

  @Column({ name: 'opened_by', type: 'text' })
  openedBy!: string;

  @Column({ name: 'closed_by', type: 'text' })
  closedBy!: string;

  @Column({ type: 'int' })
  interventions!: number;

  @Column({ type: 'int' })
  reopens!: number;

  @Column({ type: 'int' })
  reopened!: number;

  /** Histogram of the closed ones' durations: bucket → count (rollup/duration-histogram.ts). */
  @Column({ name: 'duration_ms', type: 'jsonb' })
  durationMs!: Record<string, number>;
}
