import { type EngageEvent, engageEventThreadId } from '@handover/contracts';

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
  /** Set when an agent or an API user wrote the content; null for the customer. */
  creatorId: string | null;
  categoryIds: string[] | null;
  interventionId: string | null;
  language: string | null;
}

export function engageFact(event: EngageEvent): EngageFact | null {
  const threadId = engageEventThreadId(event);
  if (threadId === undefined) {
    return null;
  }
  const metadata = event.resource.metadata;
  const isContent = event.type === 'content.imported';
  const categories = metadata.category_ids ?? event.resource.category_ids;
  return {
    type: event.type,
    eventId: String(event.id),
    issuedAt: new Date(event.issued_at).toISOString(),
    threadId,
    sourceId: optionalId(metadata.source_id ?? event.resource.source_id),
    contentId: isContent ? String(event.resource.id) : null,
    creatorId: isContent ? optionalId(metadata.creator_id) : null,
    categoryIds: isContent && Array.isArray(categories) ? categories.map(String) : null,
    interventionId: isContent ? optionalId(metadata.intervention_id) : String(event.resource.id),
    language: typeof metadata.language === 'string' && metadata.language !== '' ? metadata.language : null,
  };
}

function optionalId(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
