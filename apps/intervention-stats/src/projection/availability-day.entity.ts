import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The newest availability poll of a source within each UTC day it was polled. */
@Entity({ name: 'stats_availability_day' })
export class AvailabilityDay {
  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId!: string;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ name: 'available_agents', type: 'int' })
  availableAgents!: number;

  @Column({ name: 'observed_at', type: 'timestamptz' })
  observedAt!: Date;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;
}
