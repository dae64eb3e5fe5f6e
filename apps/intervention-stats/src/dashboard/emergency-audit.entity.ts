import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every emergency switch a supervisor made from the dashboard, written before the gateway is called
 * and completed with its outcome. Not a projection: the dashboard's own record, never rebuilt nor
 * emptied by a projection version change (ADR 0010).
 */
@Entity({ name: 'dashboard_emergency_audit' })
@Index('dashboard_emergency_audit_requested_idx', ['requestedAt'])
export class EmergencyAuditEntry {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_dashboard_emergency_audit' })
  id!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  /** The signed-in supervisor (DASHBOARD_USERS name). */
  @Column({ type: 'text' })
  supervisor!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  /** null: every source. */
  @Column({ name: 'source_ids', type: 'text', array: true, nullable: true })
  sourceIds!: string[] | null;

  @Column({ type: 'text' })
  reason!: string;

  /** pending (asked, no answer yet), accepted, failed (refused or unreachable), timed_out. */
  @Column({ type: 'text' })
  outcome!: string;

  @Column({ name: 'command_id', type: 'text', nullable: true })
  commandId!: string | null;

  /** What the gateway said when it did not accept. */
  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;
}
