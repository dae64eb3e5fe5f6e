import { type EngageEvent, engageEventThreadId } from '@handover/contracts';

/** The parts of a `content.imported` event bot-responder decides on (ENGAGE_API.md §1.3). */
export interface ContentFact {
  eventId: string;
  issuedAt: string;
  contentId: string;
  threadId: string;
  sourceId: string | null;
  body: string;
  /** Set when an agent or an API user (our own bot) wrote it; null for the customer. */
  creatorId: string | null;
  /** null when the event did not carry them: the thread's known categories then stand. */
  categoryIds: string[] | null;
  interventionId: string | null;
  firstInThread: boolean;
  inReplyToId: string | null;
  language: string | null;
}

export function contentFact(event: EngageEvent): ContentFact | null {
  const threadId = engageEventThreadId(event);
  if (threadId === undefined) {
    return null;
  }
  const metadata = event.resource.metadata;
  return {
    eventId: String(event.id),
    // Normalized, so that ISO strings compare in time order (RCED may omit the milliseconds).
    issuedAt: new Date(event.issued_at).toISOString(),
    contentId: String(event.resource.id),
    threadId: String(threadId),
    sourceId: optionalId(metadata.source_id),
    body: typeof metadata.body === 'string' ? metadata.body : '',
    creatorId: optionalId(metadata.creator_id),
    categoryIds: Array.isArray(metadata.category_ids) ? metadata.category_ids.map(String) : null,
    interventionId: optionalId(metadata.intervention_id),
    firstInThread: metadata.first_in_thread === true,
    inReplyToId: optionalId(metadata.in_reply_to_id),
    language: typeof metadata.language === 'string' && metadata.language ? metadata.language : null,
  };
}

function optionalId(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
