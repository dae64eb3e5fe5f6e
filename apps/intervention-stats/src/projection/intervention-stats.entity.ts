import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One RCED intervention: opened by whom, closed by whom and when, reopened how often (engage.events.v1). */
@Entity({ name: 'stats_intervention' })
@Index('stats_intervention_opened_idx', ['openedAt'])
export class InterventionStats {
  @PrimaryColumn({ name: 'intervention_id', type: 'text' })
  interventionId!: string;

  @Column({ name: 'thread_id', type: 'text' })
  threadId!: string;

  @Column({ name: 'source_id', type: 'text', nullable: true })
  sourceId!: string | null;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  /** bot, agent or unknown. */
  @Column({ name: 'opened_by', type: 'text', nullable: true })
  openedBy!: string | null;

  /** The latest close (an intervention reopened and closed again keeps its last). */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'closed_by', type: 'text', nullable: true })
  closedBy!: string | null;

  @Column({ type: 'int', default: 0 })
  closes!: number;

  @Column({ type: 'int', default: 0 })
  reopens!: number;
}
