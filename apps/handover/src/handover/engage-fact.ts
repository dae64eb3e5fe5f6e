import {
  type EngageEvent,
  engageEventThreadId,
  notCustomerReason,
  type ReplyTarget,
  replyTargetOf,
  idOrNull,
} from '@handover/contracts';

/** The parts of an engage event routing needs (ENGAGE_API.md §1.3). */
export interface EngageFact {
  type: string;
  eventId: string;
  /** Normalized ISO, so that strings compare in time order (RCED may omit the milliseconds). */
  issuedAt: string;
  threadId: string;
  sourceId: string | null;
  /** content.imported only. */
  contentId: string | null;
  /** content.imported only: the message's text ('' when it has none). */
  text: string;
  /** content.imported only: a customer's message (not a brand post, an agent's, an API content). */
  fromCustomer: boolean;
  /** content.imported from a customer: how to answer it. */
  replyTarget: ReplyTarget | null;
  /** The thread's categories, when the event says (content metadata, or an intervention's). */
  categoryIds: string[] | null;
  interventionId: string | null;
  /** Interventions: who acted (the event's `user_id`) and who holds it (metadata `user_id`). */
  actorUserId: string | null;
  holderUserId: string | null;
  language: string | null;
}

export function engageFact(event: EngageEvent): EngageFact | null {
  const threadId = engageEventThreadId(event);
  if (threadId === undefined) {
    return null;
  }
  const metadata = event.resource.metadata;
  const isContent = event.type === 'content.imported';
  const fromCustomer = isContent && notCustomerReason(metadata) === null;
  // The seed's intervention.closed sample puts category_ids on the resource, events.md in the metadata.
  const categories = metadata.category_ids ?? event.resource.category_ids;
  return {
    type: event.type,
    eventId: String(event.id),
    issuedAt: new Date(event.issued_at).toISOString(),
    threadId,
    sourceId: idOrNull(metadata.source_id ?? event.resource.source_id),
    contentId: isContent ? String(event.resource.id) : null,
    text: isContent && typeof metadata.body === 'string' ? metadata.body : '',
    fromCustomer,
    replyTarget: fromCustomer ? replyTargetOf(event) : null,
    categoryIds: Array.isArray(categories) ? categories.map(String) : null,
    interventionId: isContent ? idOrNull(metadata.intervention_id) : String(event.resource.id),
    actorUserId: isContent ? null : idOrNull(event.user_id),
    holderUserId: isContent ? null : idOrNull(metadata.user_id ?? event.resource.user_id),
    language: typeof metadata.language === 'string' && metadata.language !== '' ? metadata.language : null,
  };
}
