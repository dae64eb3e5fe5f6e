import { type BotEvent, type TranscriptLine } from '@handover/contracts';

export interface ThreadState {
  threadId: string;
  sourceId: string | null;
  /** The categories RCED's events last gave (engage.events.v1), and when. */
  categoryIds: string[];
  categoriesAt: string | null;
  /** An event said the categories changed without saying what to (an intervention recategorized). */
  categoriesStaleAt: string | null;
  /** The categories bot-responder read from RCED itself (bot.thread_read), and when. */
  readCategoryIds: string[] | null;
  readAt: string | null;
  /** Handover recategorized the thread (handover.events.v1): what we knew before is stale. */
  movedAt: string | null;
  interventionId: string | null;
  ownerUserId: string | null;
  botTurns: number;
  consecutiveFallbacks: number;
  handoverRequestedAt: string | null;
  leftBotAt: string | null;
  /** When our own read of the thread showed it without BOT. */
  readLeftBotAt: string | null;
  /** Handover gave the thread back to the bot without a recategorization (its wait for an agent ended). */
  returnedToBotAt: string | null;
  lastCustomerContentId: string | null;
  lastFactAt: string | null;
  /** Kept apart from the bot's lines: each comes from its own topic (see ConversationRepository). */
  customerLines: TranscriptLine[];
  botLines: TranscriptLine[];
}

/** Lines kept for the agent's handover note: enough context, bounded row size. */
export const TRANSCRIPT_LINES = 20;

export function emptyThread(threadId: string): ThreadState {
  return {
    threadId,
    sourceId: null,
    categoryIds: [],
    categoriesAt: null,
    categoriesStaleAt: null,
    readCategoryIds: null,
    readAt: null,
    movedAt: null,
    interventionId: null,
    ownerUserId: null,
    botTurns: 0,
    consecutiveFallbacks: 0,
    handoverRequestedAt: null,
    leftBotAt: null,
    readLeftBotAt: null,
    returnedToBotAt: null,
    lastCustomerContentId: null,
    lastFactAt: null,
    customerLines: [],
    botLines: [],
  };
}

/** Appends in time order, whatever order the lines arrive in. */
export function withLine(lines: readonly TranscriptLine[], line: TranscriptLine): TranscriptLine[] {
  return byTime([...lines, line]).slice(-TRANSCRIPT_LINES);
}

/** The conversation as the agent will read it: both sides, in time order, the latest lines. */
export function transcriptOf(state: ThreadState): TranscriptLine[] {
  return byTime([...state.customerLines, ...state.botLines]).slice(-TRANSCRIPT_LINES);
}

function byTime(lines: TranscriptLine[]): TranscriptLine[] {
  return lines.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * The thread's categories as last observed (an event that carried them, or our own read of the
 * thread) and when, or null when nothing says what they are now: never observed, or changed since
 * (a recategorization signalled without its categories). Null means: read them from RCED.
 */
export function observedCategories(state: ThreadState): { categoryIds: string[]; at: string } | null {
  const fromRead =
    state.readAt !== null && (state.categoriesAt === null || state.readAt > state.categoriesAt);
  const at = fromRead ? state.readAt : state.categoriesAt;
  const categoryIds = fromRead ? state.readCategoryIds : state.categoryIds;
  if (at === null || categoryIds === null) {
    return null;
  }
  const staleAt = latest(state.categoriesStaleAt, state.movedAt);
  return staleAt !== null && staleAt > at ? null : { categoryIds, at };
}

/**
 * Handover asked for, the thread not seen outside BOT since and not given back by handover since:
 * the bot stays silent until the handover takes effect (a waiting customer keeps their place).
 * Built from timestamps so that replay, which reads the topics in a different interleaving than
 * live, reaches the same answer.
 */
export function isHandoverPending(state: ThreadState): boolean {
  const requestedAt = state.handoverRequestedAt;
  const leftBotAt = latest(state.leftBotAt, state.readLeftBotAt);
  return (
    requestedAt !== null &&
    (leftBotAt === null || leftBotAt < requestedAt) &&
    (state.returnedToBotAt === null || state.returnedToBotAt < requestedAt)
  );
}

export function latest(a: string | null, b: string | null): string | null {
  if (a === null) {
    return b;
  }
  return b === null || a >= b ? a : b;
}

/** A decision of the bot, applied live in the deciding transaction and on replay from bot.events.v1. */
export function evolveWithDecision(state: ThreadState, event: BotEvent): ThreadState {
  const spoke = event.text !== null && event.text !== '';
  const botLines = spoke
    ? withLine(state.botLines, { at: event.occurred_at, from: 'bot', text: event.text ?? '' })
    : state.botLines;
  const botTurns = state.botTurns + (spoke ? 1 : 0);
  switch (event.type) {
    case 'bot.replied':
      return {
        ...state,
        botLines,
        botTurns,
        consecutiveFallbacks: event.fallback ? state.consecutiveFallbacks + 1 : 0,
      };
    case 'bot.resolved':
      return { ...state, botLines, botTurns, consecutiveFallbacks: 0 };
    case 'bot.handover_requested':
      return {
        ...state,
        botLines,
        botTurns,
        consecutiveFallbacks: 0,
        handoverRequestedAt: latest(state.handoverRequestedAt, event.occurred_at),
      };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}
