import { type ReplyTarget } from '@handover/contracts';
import { type ThreadFacts } from './routing-state';

export interface FactInput {
  type: string;
  issuedAt: string;
  sourceId: string | null;
  contentId: string | null;
  fromCustomer: boolean;
  replyTarget: ReplyTarget | null;
  categoryIds: string[] | null;
  interventionId: string | null;
  language: string | null;
}

/** Pure: RCED's newest word on a thread wins; an older fact delivered late changes nothing (ENGAGE_API.md §1.5). */
export function evolveFacts(facts: ThreadFacts, fact: FactInput): ThreadFacts {
  const sourceId = facts.sourceId ?? fact.sourceId;
  if (facts.factsAt !== null && fact.issuedAt < facts.factsAt) {
    return { ...facts, sourceId };
  }
  const base = {
    ...facts,
    sourceId,
    factsAt: fact.issuedAt,
    language: fact.language ?? facts.language,
    categoryIds: fact.categoryIds ?? facts.categoryIds,
  };
  switch (fact.type) {
    case 'content.imported':
      return {
        ...base,
        interventionId: fact.interventionId ?? facts.interventionId,
        lastCustomerContentId: fact.fromCustomer ? fact.contentId : facts.lastCustomerContentId,
        lastCustomerReply: fact.fromCustomer ? fact.replyTarget : facts.lastCustomerReply,
      };
    case 'intervention.opened':
    case 'intervention.reopened':
    case 'intervention.user_updated':
      return { ...base, interventionId: fact.interventionId };
    case 'intervention.closed':
      return facts.interventionId === fact.interventionId ? { ...base, interventionId: null } : base;
    default:
      return base;
  }
}
