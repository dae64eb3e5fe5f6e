import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every emergency switch seen on ops.commands.v1. The history, not only the last state: a message
 * written while the emergency was on stays unanswered even when it is processed after it ended.
 */
@Entity({ name: 'emergency_switch' })
export class EmergencySwitch {
  @PrimaryColumn({ name: 'command_id', type: 'text' })
  commandId!: string;

  @Column('boolean')
  active!: boolean;

  /** null: every source. */
  @Column({ name: 'source_ids', type: 'text', array: true, nullable: true })
  sourceIds!: string[] | null;

  @Column({ name: 'issued_at', type: 'text' })
  issuedAt!: string;
}
