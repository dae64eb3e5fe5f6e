import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { type DashboardEmergencyRequest } from './dashboard-emergency.request';
import { type GatewayAnswer } from './gateway-admin.client';

export type AuditOutcome = 'pending' | 'accepted' | 'failed' | 'timed_out';

/** One line of the audit trail as GET /dashboard/audit gives it. */
export interface AuditEntryView {
  id: string;
  requested_at: string;
  supervisor: string;
  active: boolean;
  source_ids: string[] | null;
  reason: string;
  outcome: AuditOutcome;
  command_id: string | null;
  detail: string | null;
  answered_at: string | null;
  /** When handover applied the command (stats_emergency), if it did. */
  applied_at: string | null;
}

interface AuditRow {
  id: string;
  requested_at: Date;
  supervisor: string;
  active: boolean;
  source_ids: string[] | null;
  reason: string;
  outcome: AuditOutcome;
  command_id: string | null;
  detail: string | null;
  answered_at: Date | null;
  applied_at: Date | null;
}

export const EMERGENCY_AUDIT = Symbol('EMERGENCY_AUDIT');

/** The dashboard's audit trail of emergency switches (dashboard_emergency_audit). */
export class EmergencyAuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Kept before the gateway is called: a switch is on record even if this process dies meanwhile. */
  async requested(supervisor: string, request: DashboardEmergencyRequest, at: Date): Promise<string> {
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO dashboard_emergency_audit (id, requested_at, supervisor, active, source_ids, reason, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending')`,
      [id, at, supervisor, request.active, request.scope === 'all' ? null : request.scope, request.reason],
    );
    return id;
  }

  async answered(id: string, answer: GatewayAnswer, at: Date): Promise<void> {
    const [outcome, commandId, detail]: [AuditOutcome, string | null, string | null] =
      answer.kind === 'accepted'
        ? ['accepted', answer.accepted.command_id, null]
        : [answer.status === 504 ? 'timed_out' : 'failed', null, answer.message.slice(0, 1000)];
    await this.dataSource.query(
      `UPDATE dashboard_emergency_audit SET outcome = $2, command_id = $3, detail = $4, answered_at = $5
       WHERE id = $1`,
      [id, outcome, commandId, detail, at],
    );
  }

  async latest(limit: number): Promise<AuditEntryView[]> {
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT a.id, a.requested_at, a.supervisor, a.active, a.source_ids, a.reason, a.outcome, a.command_id,
              a.detail, a.answered_at,
              (SELECT min(e.occurred_at) FROM stats_emergency e WHERE e.command_id = a.command_id) AS applied_at
       FROM dashboard_emergency_audit a ORDER BY a.requested_at DESC, a.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      ...row,
      requested_at: row.requested_at.toISOString(),
      answered_at: row.answered_at?.toISOString() ?? null,
      applied_at: row.applied_at?.toISOString() ?? null,
    }));
  }
}
