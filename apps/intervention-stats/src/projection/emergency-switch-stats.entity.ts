import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every emergency switch handover applied (emergency.* on handover.events.v1 only); the newest by
 * `occurred_at` is the state in force.
 */
@Entity({ name: 'stats_emergency' })
@Index('stats_emergency_occurred_idx', ['occurredAt'])
export class EmergencySwitchStats {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'command_id', type: 'text' })
  commandId!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  /** null: every source. */
  @Column({ name: 'source_ids', type: 'text', array: true, nullable: true })
  sourceIds!: string[] | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** Threads handover found in scope and moved to agents (activation only). */
  @Column({ name: 'threads_in_scope', type: 'int' })
  threadsInScope!: number;
}
