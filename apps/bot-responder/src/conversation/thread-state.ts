import { type BotEvent, type TranscriptLine } from '@handover/contracts';

export interface ThreadState {
  threadId: string;
  sourceId: string | null;
  categoryIds: string[];
  interventionId: string | null;
  ownerUserId: string | null;
  botTurns: number;
  consecutiveFallbacks: number;
  handoverRequestedAt: string | null;
  leftBotAt: string | null;
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
    interventionId: null,
    ownerUserId: null,
    botTurns: 0,
    consecutiveFallbacks: 0,
    handoverRequestedAt: null,
    leftBotAt: null,
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
 * Handover asked for, the thread not seen outside BOT since and not given back by handover since:
 * the bot stays silent until the handover takes effect (a waiting customer keeps their place).
 * Built from timestamps so that replay, which reads the topics in a different interleaving than
 * live, reaches the same answer.
 */
export function isHandoverPending(state: ThreadState): boolean {
  const requestedAt = state.handoverRequestedAt;
  return (
    requestedAt !== null &&
    (state.leftBotAt === null || state.leftBotAt < requestedAt) &&
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
