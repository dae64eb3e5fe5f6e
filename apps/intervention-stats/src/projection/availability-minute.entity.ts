import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The newest availability poll of a source within each UTC minute it was polled (availability.events.v1). */
@Entity({ name: 'stats_availability_minute' })
// The key serves one source's polls; this serves a range of minutes over every source.
@Index('stats_availability_minute_at_idx', ['at'])
export class AvailabilityMinute {
  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId!: string;

  /** The minute's start. */
  @PrimaryColumn({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'available_agents', type: 'int' })
  availableAgents!: number;

  /** The poll's time and event: the newest wins, ties to the greater event id. */
  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;
}
