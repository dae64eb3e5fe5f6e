import { type PlatformState } from './platform-state';
import { PlatformError } from './platform.exception';
import { type InterventionCommentRecord, type InterventionRecord } from './platform.types';
import { readableBy } from './source-permissions';

/** SPEC getAllInterventions `status`: active (open but not deferred), closed, deferred, opened, reopened. */
export const INTERVENTION_STATUSES = ['active', 'closed', 'deferred', 'opened', 'reopened'] as const;

export interface InterventionFilter {
  thread_id?: string;
  user_id?: string;
  identity_ids?: string[];
  status?: string;
  sort?: string;
}

/**
 * SPEC getAllInterventions: newest first (by `sort`, created_at or updated_at), only on sources the
 * user can read. [INF] opened, active and reopened all mean "not closed"; nothing is ever deferred.
 */
export function findInterventions(
  state: PlatformState,
  userId: string,
  filter: InterventionFilter,
): InterventionRecord[] {
  const status = filter.status;
  if (status !== undefined && !(INTERVENTION_STATUSES as readonly string[]).includes(status)) {
    throw PlatformError.invalid(`status must be one of ${INTERVENTION_STATUSES.join(', ')}`);
  }
  const sort = filter.sort ?? 'created_at';
  if (sort !== 'created_at' && sort !== 'updated_at') {
    throw PlatformError.invalid('sort must be created_at or updated_at');
  }
  const matching = readableBy(state, userId, state.interventions.values())
    .filter((item) => !filter.thread_id || item.thread_id === filter.thread_id)
    .filter((item) => !filter.user_id || item.user_id === filter.user_id)
    .filter((item) => !filter.identity_ids?.length || filter.identity_ids.includes(item.identity_id))
    .filter(
      (item) =>
        status === undefined || (status === 'closed' ? item.closed : status !== 'deferred' && !item.closed),
    )
    .reverse();
  // A stable sort keeps the newest created first among equal timestamps.
  return sort === 'updated_at' ? matching.sort((a, b) => b.updated_at.localeCompare(a.updated_at)) : matching;
}

export interface InterventionCommentFilter {
  intervention_id?: string;
  thread_id?: string;
  user_id?: string;
  identity_id?: string;
}

/**
 * SPEC getAllInterventionComments: newest first, only on sources the user can read. [INF]
 * `identity_id` is the intervention's identity (the customer's): a comment has no identity of its own.
 */
export function findInterventionComments(
  state: PlatformState,
  userId: string,
  filter: InterventionCommentFilter,
): InterventionCommentRecord[] {
  return readableBy(state, userId, state.comments.values())
    .filter((item) => !filter.intervention_id || item.intervention_id === filter.intervention_id)
    .filter((item) => !filter.thread_id || item.thread_id === filter.thread_id)
    .filter((item) => !filter.user_id || item.user_id === filter.user_id)
    .filter(
      (item) =>
        !filter.identity_id ||
        state.interventions.get(item.intervention_id)?.identity_id === filter.identity_id,
    )
    .reverse();
}
