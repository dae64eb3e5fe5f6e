import { type EntityManager } from 'typeorm';
import { OperationError, OperationErrorCode } from './operation.exception';
import { type OpsScope, qualified } from './ops-scope';

export type OpsAction = 'retry' | 'discard';
export type OpsTargetKind = 'effect' | 'parked_record';

/** Who asks for an action, and why: both land in the audit row. */
export interface OpsRequest {
  actor: string;
  reason: string;
}

export interface AuditEntry {
  id: string;
  at: Date;
  actor: string;
  action: OpsAction;
  targetKind: OpsTargetKind;
  targetId: string;
  reason: string;
  before: unknown;
  after: unknown;
}

type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'actor' | 'reason'> & { by: OpsRequest };

export function assertRequest(by: OpsRequest): void {
  if (by.actor.trim() === '') {
    throw new OperationError(OperationErrorCode.InvalidRequest, 'An action needs an actor');
  }
  if (by.reason.trim() === '') {
    throw new OperationError(OperationErrorCode.InvalidRequest, 'An action needs a reason');
  }
}

/** Written in the caller's transaction, so the row exists exactly when the change does. */
export async function writeAudit(
  manager: EntityManager,
  scope: OpsScope,
  entry: NewAuditEntry,
): Promise<void> {
  await manager.query(
    `INSERT INTO ${qualified(scope, 'ops_audit')} (actor, action, target_kind, target_id, reason, before, after)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
    [
      entry.by.actor.trim(),
      entry.action,
      entry.targetKind,
      entry.targetId,
      entry.by.reason.trim(),
      JSON.stringify(entry.before ?? null),
      JSON.stringify(entry.after ?? null),
    ],
  );
}

export function auditOf(scope: OpsScope, targetKind: OpsTargetKind, targetId: string): Promise<AuditEntry[]> {
  return scope.dataSource.query(
    `SELECT id, at, actor, action, target_kind AS "targetKind", target_id AS "targetId", reason, before, after
     FROM ${qualified(scope, 'ops_audit')}
     WHERE target_kind = $1 AND target_id = $2
     ORDER BY id`,
    [targetKind, targetId],
  );
}
