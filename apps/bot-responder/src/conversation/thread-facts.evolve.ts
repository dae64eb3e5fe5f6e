import { type ContentFact } from '../replies/content-fact';
import { latest, type ThreadState, withLine } from './thread-state';

export interface InterventionFact {
  type: 'intervention.opened' | 'intervention.reopened' | 'intervention.closed';
  interventionId: string;
  userId: string | null;
  sourceId: string | null;
  issuedAt: string;
}

/**
 * Applies what RCED says about a content. Categories and intervention follow the newest fact only
 * (RCED may deliver out of order, ENGAGE_API.md §1.5); the transcript takes every customer line.
 */
export function evolveWithContent(state: ThreadState, fact: ContentFact, botCategoryId: string): ThreadState {
  const newest = state.lastFactAt === null || fact.issuedAt >= state.lastFactAt;
  const isCustomer = fact.creatorId === null;
  const categoryIds = newest && fact.categoryIds !== null ? fact.categoryIds : state.categoryIds;
  return {
    ...state,
    sourceId: state.sourceId ?? fact.sourceId,
    categoryIds,
    interventionId: newest ? (fact.interventionId ?? state.interventionId) : state.interventionId,
    lastFactAt: newest ? fact.issuedAt : state.lastFactAt,
    // The thread left the bot (the handover took effect): a later return to BOT is a fresh start.
    leftBotAt:
      fact.categoryIds !== null && !fact.categoryIds.includes(botCategoryId)
        ? latest(state.leftBotAt, fact.issuedAt)
        : state.leftBotAt,
    lastCustomerContentId: isCustomer ? fact.contentId : state.lastCustomerContentId,
    customerLines: isCustomer
      ? withLine(state.customerLines, { at: fact.issuedAt, from: 'customer', text: fact.body })
      : state.customerLines,
  };
}

export function evolveWithIntervention(state: ThreadState, fact: InterventionFact): ThreadState {
  if (state.lastFactAt !== null && fact.issuedAt < state.lastFactAt) {
    return state;
  }
  const base = { ...state, sourceId: state.sourceId ?? fact.sourceId, lastFactAt: fact.issuedAt };
  if (fact.type === 'intervention.closed') {
    return state.interventionId === fact.interventionId || state.interventionId === null
      ? { ...base, interventionId: null, ownerUserId: null }
      : base;
  }
  return { ...base, interventionId: fact.interventionId, ownerUserId: fact.userId };
}
