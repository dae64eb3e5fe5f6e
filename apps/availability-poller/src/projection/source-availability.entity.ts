import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last availability published per source: changes are detected against it, not against the last poll. */
@Entity({ name: 'source_availability' })
export class SourceAvailabilityRow {
  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId!: string;

  @Column({ name: 'channel_id', type: 'text' })
  channelId!: string;

  /** Sorted. */
  @Column({ name: 'agent_ids', type: 'text', array: true })
  agentIds!: string[];

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @Column({ name: 'snapshot_at', type: 'timestamptz', nullable: true })
  snapshotAt!: Date | null;
}
