import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The newest availability availability-poller published for a source (availability.events.v1 only). */
@Entity({ name: 'source_availability' })
export class SourceAvailabilityRow {
  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId!: string;

  @Column({ name: 'available_agents', type: 'int' })
  availableAgents!: number;

  @Column({ name: 'agent_ids', type: 'text', array: true })
  agentIds!: string[];

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;
}
