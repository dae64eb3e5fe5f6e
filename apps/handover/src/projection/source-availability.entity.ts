import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The newest availability availability-poller published for a source (availability.events.v1 only). */
@Entity({ name: 'source_availability' })
export class SourceAvailabilityRow {
  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId!: string;

  /** Agents are per channel: sources of one channel share them (freeAgents counts the channel's handovers). */
  @Column({ name: 'channel_id', type: 'text', nullable: true })
  channelId!: string | null;

  @Column({ name: 'available_agents', type: 'int' })
  availableAgents!: number;

  @Column({ name: 'agent_ids', type: 'text', array: true })
  agentIds!: string[];

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;
}
