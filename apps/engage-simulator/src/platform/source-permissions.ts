import { type PlatformState } from './platform-state';
import { PlatformError } from './platform.exception';
import { type SourcePermission, type UserRecord } from './platform.types';

export function can(user: UserRecord, permission: SourcePermission, sourceId: string): boolean {
  return user.source_permissions[sourceId]?.includes(permission) ?? false;
}

export function canRead(state: PlatformState, userId: string, sourceId: string): boolean {
  const user = state.users.get(userId);
  return user !== undefined && can(user, 'read', sourceId);
}

/**
 * SPEC getThread, getContent, getIntervention, getInterventionComment, categorizeThread, closeThread:
 * "If token's user does not have 'read' on [its] source a 404 HTTP response will be returned", the
 * same answer as for an unknown id.
 */
export function visible<T extends { source_id: string | null }>(
  state: PlatformState,
  userId: string,
  record: T,
  kind: string,
  id: string,
): T {
  if (record.source_id !== null && !canRead(state, userId, record.source_id)) {
    throw PlatformError.notFound(kind, id);
  }
  return record;
}

/** Records of readable sources only: SPEC getAll* "Only … in sources where token's user has 'read'". */
export function readableBy<T extends { source_id: string | null }>(
  state: PlatformState,
  userId: string,
  records: Iterable<T>,
): T[] {
  return [...records].filter(
    (record) => record.source_id === null || canRead(state, userId, record.source_id),
  );
}
