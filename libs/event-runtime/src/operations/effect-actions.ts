import { DUE_NOW } from '../effects/record-effects.util';
import { type EffectDetails, readEffect } from './failed-effects';
import { type OpsAction, type OpsRequest, assertRequest, writeAudit } from './ops-audit';
import { OperationError, OperationErrorCode } from './operation.exception';
import { type OpsScope, qualified } from './ops-scope';

/**
 * Gives a failed effect to the worker again, under the same id (the ledger's exactly-once key),
 * due now, with a fresh set of attempts. `outcome_unknown` is kept: when the last call may have
 * reached the platform, the worker asks the executor's `reconcile` first and posts nothing if the
 * call is found. Its sequence key's later pending effects wait behind it again (recording order).
 */
export function retryEffect(scope: OpsScope, id: string, by: OpsRequest): Promise<EffectDetails> {
  return changeFailedEffect(
    scope,
    id,
    by,
    'retry',
    `status = 'pending', attempts = 0, next_attempt_at = ${DUE_NOW}`,
  );
}

/**
 * Gives a failed effect up for good: `discarded` is never claimed (only `pending` is), and like
 * `failed` it no longer holds back its sequence key's later effects.
 */
export function discardEffect(scope: OpsScope, id: string, by: OpsRequest): Promise<EffectDetails> {
  return changeFailedEffect(scope, id, by, 'discard', `status = 'discarded'`);
}

async function changeFailedEffect(
  scope: OpsScope,
  id: string,
  by: OpsRequest,
  action: OpsAction,
  assignments: string,
): Promise<EffectDetails> {
  assertRequest(by);
  return scope.dataSource.transaction(async (manager) => {
    const before = await readEffect(manager, scope, id, true);
    if (before.status !== 'failed') {
      throw new OperationError(
        OperationErrorCode.WrongState,
        `Effect ${id} is ${before.status}: only a failed effect can be ${action === 'retry' ? 'retried' : 'discarded'}`,
      );
    }
    await manager.query(
      `UPDATE ${qualified(scope, 'effect')} SET ${assignments}, updated_at = now() WHERE id = $1`,
      [id],
    );
    const after = await readEffect(manager, scope, id, false);
    await writeAudit(manager, scope, {
      by,
      action,
      targetKind: 'effect',
      targetId: id,
      before: auditedState(before),
      after: auditedState(after),
    });
    return after;
  });
}

/** What an action changes, without the payload (it can be large, and it does not change). */
function auditedState(effect: EffectDetails): Record<string, unknown> {
  return {
    status: effect.status,
    attempts: effect.attempts,
    outcomeUnknown: effect.outcomeUnknown,
    nextAttemptAt: effect.nextAttemptAt,
    lastError: effect.lastError,
    updatedAt: effect.updatedAt,
  };
}
