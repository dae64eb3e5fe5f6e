import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every emergency switch seen on ops.commands.v1; the newest by `issued_at` is in force. */
@Entity({ name: 'emergency_switch' })
export class EmergencySwitchRow {
  @PrimaryColumn({ name: 'command_id', type: 'text' })
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

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;
}
