import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The newest availability seen per source (availability.events.v1 only), newest by `observed_at`. */
@Entity({ name: 'stats_source_availability' })
export class SourceAvailability {
  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId!: string;

  @Column({ name: 'channel_id', type: 'text' })
  channelId!: string;

  /** Agents who could take a handed-over thread at that poll. */
  @Column({ name: 'available_agents', type: 'int' })
  availableAgents!: number;

  @Column({ name: 'agent_ids', type: 'text', array: true })
  agentIds!: string[];

  /** The poll's time (the event's `occurred_at`, the poller's clock). */
  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;

  /** The event the row comes from: breaks a tie between two polls of the same instant. */
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;
}
