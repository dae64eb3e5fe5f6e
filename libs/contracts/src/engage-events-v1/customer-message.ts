/**
 * Why a `content.imported` is not a customer's message, or null when it is one.
 *
 * RCED fires `content.imported` for everything imported from the source, not only customers' messages:
 * a brand post made directly on a managed page, the chat's automatic welcome message… and says to
 * filter on the metadata `status` (events.md, box "New content events"). Statuses
 * (basics/pagination.md `status_in`): a customer's content is `new`, `assigned` (under intervention),
 * `forwarded` or `replied` (an agent answered it); `user_reply` and `user_initiated` are written by
 * the brand; `ignored` was archived. `creator_id` and a `created_from` other than `synchronizer` mean
 * it was written in RCED (console or API); an author among our own identities means it is ours.
 * A status we do not know does not exclude a message: when in doubt, the customer is answered.
 */
export type NotCustomerReason = 'created_in_engage' | 'brand_content' | 'ignored' | 'own_identity';

const BRAND_STATUSES: ReadonlySet<string> = new Set(['user_reply', 'user_initiated']);

export function notCustomerReason(
  metadata: Readonly<Record<string, unknown>>,
  ownIdentityIds: ReadonlySet<string> = NO_IDENTITIES,
): NotCustomerReason | null {
  if (isPresent(metadata.creator_id)) {
    return 'created_in_engage';
  }
  if (typeof metadata.created_from === 'string' && metadata.created_from !== 'synchronizer') {
    return 'created_in_engage';
  }
  if (typeof metadata.status === 'string' && BRAND_STATUSES.has(metadata.status)) {
    return 'brand_content';
  }
  if (metadata.status === 'ignored') {
    return 'ignored';
  }
  const author = metadata.author_id;
  if ((typeof author === 'string' || typeof author === 'number') && ownIdentityIds.has(String(author))) {
    return 'own_identity';
  }
  return null;
}

export function isCustomerMessage(
  metadata: Readonly<Record<string, unknown>>,
  ownIdentityIds?: ReadonlySet<string>,
): boolean {
  return notCustomerReason(metadata, ownIdentityIds) === null;
}

const NO_IDENTITIES: ReadonlySet<string> = new Set();

function isPresent(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || typeof value === 'number';
}
