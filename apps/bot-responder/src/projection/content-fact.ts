import {
  type EngageEvent,
  engageEventThreadId,
  type NotCustomerReason,
  notCustomerReason,
  type ReplyTarget,
  replyTargetOf,
  idOrNull,
} from '@handover/contracts';

/** The parts of a `content.imported` event bot-responder decides on (ENGAGE_API.md §1.3). */
export interface ContentFact {
  eventId: string;
  issuedAt: string;
  contentId: string;
  threadId: string;
  sourceId: string | null;
  /** `chat` of the content type `chat/message` (ENGAGE_API.md §1.3), null when it has no slash. */
  sourceType?: string | null;
  body: string;
  hasAttachment: boolean;
  /** Why it is not a customer's message (a brand post, an agent's…), null when it is one. */
  notCustomer: NotCustomerReason | null;
  authorId: string | null;
  /** null when the event did not carry them: the thread's categories must then come from RCED. */
  categoryIds: string[] | null;
  interventionId: string | null;
  firstInThread: boolean;
  inReplyToId: string | null;
  language: string | null;
  /** How to answer it (private, email recipients, …). */
  replyTarget: ReplyTarget;
}

export function contentFact(event: EngageEvent): ContentFact | null {
  const threadId = engageEventThreadId(event);
  const replyTarget = replyTargetOf(event);
  if (threadId === undefined || replyTarget === null) {
    return null;
  }
  const metadata = event.resource.metadata;
  return {
    eventId: String(event.id),
    // Normalized, so that ISO strings compare in time order (RCED may omit the milliseconds).
    issuedAt: new Date(event.issued_at).toISOString(),
    contentId: String(event.resource.id),
    threadId: String(threadId),
    sourceId: idOrNull(metadata.source_id),
    sourceType: sourceTypeOf(event.resource.type),
    body: typeof metadata.body === 'string' ? metadata.body : '',
    hasAttachment: metadata.has_attachment === true,
    notCustomer: notCustomerReason(metadata),
    authorId: idOrNull(metadata.author_id),
    categoryIds: Array.isArray(metadata.category_ids) ? metadata.category_ids.map(String) : null,
    interventionId: idOrNull(metadata.intervention_id),
    firstInThread: metadata.first_in_thread === true,
    inReplyToId: idOrNull(metadata.in_reply_to_id),
    language: typeof metadata.language === 'string' && metadata.language ? metadata.language : null,
    replyTarget,
  };
}

function sourceTypeOf(contentType: string): string | null {
  const slash = contentType.indexOf('/');
  return slash > 0 ? contentType.slice(0, slash) : null;
}
