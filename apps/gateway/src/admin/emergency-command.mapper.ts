import { type EmergencySwitchedCommand } from '@handover/contracts';
import { EMERGENCY_SCOPE_ALL, type AuthorizedEmergencyRequest } from './emergency-request.dto';
import { uuidV5 } from './uuid-v5.util';

/** Namespace of the command ids derived from an Idempotency-Key (a fixed random UUID: never change it). */
const IDEMPOTENT_COMMAND_NAMESPACE = '7c7cf394-dea3-483f-9965-accdca24900d';

export interface CommandOrigin {
  /** Without an Idempotency-Key, the command is new: it takes this fresh UUID. */
  freshId: string;
  idempotencyKey?: string;
  issuedAt: Date;
}

/**
 * The command for a validated request. With an Idempotency-Key, the id is derived from the key and
 * what the request asks, so a retried request carries the same id and is dropped downstream as a
 * duplicate, while a key reused for a different switch cannot silently swallow it.
 */
export function toEmergencyCommand(
  request: AuthorizedEmergencyRequest,
  origin: CommandOrigin,
): EmergencySwitchedCommand {
  const sourceIds = request.scope === EMERGENCY_SCOPE_ALL ? null : [...new Set(request.scope)];
  const what = [
    request.active,
    sourceIds === null ? null : [...sourceIds].sort(),
    request.reason,
    request.actor,
  ];
  return {
    command_id:
      origin.idempotencyKey === undefined
        ? origin.freshId
        : uuidV5(JSON.stringify([origin.idempotencyKey, ...what]), IDEMPOTENT_COMMAND_NAMESPACE),
    active: request.active,
    source_ids: sourceIds,
    reason: request.reason,
    actor: request.actor,
    issued_at: origin.issuedAt.toISOString(),
  };
}
