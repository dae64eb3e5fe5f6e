import {
  EMERGENCY_SWITCHED,
  type EmergencySwitchedCommand,
  OPS_COMMANDS_KEY,
  OPS_COMMANDS_SCHEMA_VERSION,
  RECORD_HEADERS,
  TOPICS,
} from '@handover/contracts';
import { type OutgoingRecord } from '@handover/kafka';
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

/** One key for the whole topic: switches are applied in the order they were made. */
export function emergencyCommandRecord(command: EmergencySwitchedCommand): OutgoingRecord {
  return {
    topic: TOPICS.opsCommands.name,
    key: OPS_COMMANDS_KEY,
    value: JSON.stringify(command),
    headers: {
      [RECORD_HEADERS.eventType]: EMERGENCY_SWITCHED,
      [RECORD_HEADERS.eventId]: command.command_id,
      [RECORD_HEADERS.schemaVersion]: OPS_COMMANDS_SCHEMA_VERSION,
      [RECORD_HEADERS.receivedAt]: command.issued_at,
    },
  };
}
