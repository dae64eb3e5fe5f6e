import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last emergency switch seen on ops.commands.v1 (one row). */
@Entity({ name: 'emergency_state' })
export class EmergencyState {
  @PrimaryColumn('text')
  id!: string;

  @Column('boolean')
  active!: boolean;

  /** null: every source. */
  @Column({ name: 'source_ids', type: 'text', array: true, nullable: true })
  sourceIds!: string[] | null;

  @Column({ name: 'command_id', type: 'text' })
  commandId!: string;

  @Column({ name: 'issued_at', type: 'text' })
  issuedAt!: string;
}
