import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A source whose default categories an emergency changed on RCED (BOT replaced by AGENT), with what
 * they were before, so that the end of its emergency restores exactly that. Written before the
 * change is sent, removed once it is restored (live platform state, not projection).
 */
@Entity({ name: 'emergency_source_default' })
export class EmergencySourceDefaultRow {
  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId!: string;

  @Column({ name: 'category_ids_before', type: 'text', array: true })
  categoryIdsBefore!: string[];

  @Column({ name: 'command_id', type: 'text' })
  commandId!: string;

  @Column({ name: 'set_at', type: 'timestamptz', default: () => 'now()' })
  setAt!: Date;
}
