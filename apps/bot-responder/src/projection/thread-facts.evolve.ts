import { type ContentFact } from './content-fact';
import { latest, type ThreadState, withLine } from './thread-state';

export interface InterventionFact {
  type:
    | 'intervention.opened'
    | 'intervention.reopened'
    | 'intervention.closed'
    | 'intervention.user_updated'
    | 'intervention.recategorized';
  interventionId: string;
  /** The agent or bot user holding the intervention (metadata `user_id`). */
  userId: string | null;
  sourceId: string | null;
  /** What the event says the categories are now, when it says. */
  categoryIds: string[] | null;
  issuedAt: string;
}

/**
 * Applies what RCED says about a content. Categories and intervention follow the newest fact only
 * (RCED may deliver out of order, ENGAGE_API.md §1.5); the transcript takes every customer line.
 */
export function evolveWithContent(state: ThreadState, fact: ContentFact, botCategoryId: string): ThreadState {
  const newest = state.lastFactAt === null || fact.issuedAt >= state.lastFactAt;
  const isCustomer = fact.notCustomer === null;
  const withCategories = newest ? observeCategories(state, fact.categoryIds, fact.issuedAt) : state;
  return {
    ...withCategories,
    leftBotAt: leftBot(state.leftBotAt, fact.categoryIds, fact.issuedAt, botCategoryId),
    sourceId: state.sourceId ?? fact.sourceId,
    interventionId: newest ? (fact.interventionId ?? state.interventionId) : state.interventionId,
    lastFactAt: newest ? fact.issuedAt : state.lastFactAt,
    lastCustomerContentId: isCustomer ? fact.contentId : state.lastCustomerContentId,
    customerLines:
      isCustomer && fact.body.trim() !== ''
        ? withLine(state.customerLines, { at: fact.issuedAt, from: 'customer', text: fact.body })
        : state.customerLines,
  };
}

export function evolveWithIntervention(
  state: ThreadState,
  fact: InterventionFact,
  botCategoryId: string,
): ThreadState {
  if (state.lastFactAt !== null && fact.issuedAt < state.lastFactAt) {
    return state;
  }
  const observed = observeCategories(state, fact.categoryIds, fact.issuedAt);
  const base = {
    ...observed,
    leftBotAt: leftBot(state.leftBotAt, fact.categoryIds, fact.issuedAt, botCategoryId),
    sourceId: state.sourceId ?? fact.sourceId,
    lastFactAt: fact.issuedAt,
    // Changed, and we were not told to what: the next message reads them from RCED.
    categoriesStaleAt:
      fact.type === 'intervention.recategorized' && fact.categoryIds === null
        ? fact.issuedAt
        : state.categoriesStaleAt,
  };
  switch (fact.type) {
    case 'intervention.closed':
      return state.interventionId === fact.interventionId || state.interventionId === null
        ? { ...base, interventionId: null, ownerUserId: null }
        : base;
    case 'intervention.recategorized':
      return base;
    case 'intervention.opened':
    case 'intervention.reopened':
    case 'intervention.user_updated':
      return { ...base, interventionId: fact.interventionId, ownerUserId: fact.userId };
    default: {
      const unknown: never = fact.type;
      return unknown;
    }
  }
}

/** bot-responder's own read of the thread (bot.thread_read); null categories: the read failed. */
export function evolveWithRead(
  state: ThreadState,
  read: { categoryIds: string[] | null; readAt: string },
  botCategoryId: string,
): ThreadState {
  if (read.categoryIds === null || (state.readAt !== null && read.readAt < state.readAt)) {
    return state;
  }
  return {
    ...state,
    readCategoryIds: read.categoryIds,
    readAt: read.readAt,
    readLeftBotAt: leftBot(state.readLeftBotAt, read.categoryIds, read.readAt, botCategoryId),
  };
}

/** Handover recategorized the thread (or gave it back): what we knew of its categories is stale. */
export function evolveWithMove(state: ThreadState, at: string): ThreadState {
  return { ...state, movedAt: latest(state.movedAt, at) };
}

function observeCategories(state: ThreadState, categoryIds: string[] | null, at: string): ThreadState {
  return categoryIds === null ? state : { ...state, categoryIds, categoriesAt: at };
}

/** The thread was seen without BOT (the handover took effect): a later return to BOT is a fresh start. */
function leftBot(
  leftBotAt: string | null,
  categoryIds: string[] | null,
  at: string,
  botCategoryId: string,
): string | null {
  return categoryIds === null || categoryIds.includes(botCategoryId) ? leftBotAt : latest(leftBotAt, at);
}
