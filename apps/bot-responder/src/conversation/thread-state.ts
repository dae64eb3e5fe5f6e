import { type BotEvent, type TranscriptLine } from '@handover/contracts';

export interface ThreadState {
  threadId: string;
  sourceId: string | null;
  categoryIds: string[];
  interventionId: string | null;
  ownerUserId: string | null;
  botTurns: number;
  consecutiveFallbacks: number;
  handoverPending: boolean;
  lastCustomerContentId: string | null;
  lastFactAt: string | null;
  transcript: TranscriptLine[];
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
    handoverPending: false,
    lastCustomerContentId: null,
    lastFactAt: null,
    transcript: [],
  };
}

/** Appends in time order, whatever order the lines arrive in (replay reads two topics). */
export function withLine(transcript: readonly TranscriptLine[], line: TranscriptLine): TranscriptLine[] {
  const lines = [...transcript, line].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return lines.slice(-TRANSCRIPT_LINES);
}

/** A decision of the bot, applied live in the deciding transaction and on replay from bot.events.v1. */
export function evolveWithDecision(state: ThreadState, event: BotEvent): ThreadState {
  const spoke = event.text !== null && event.text !== '';
  const transcript = spoke
    ? withLine(state.transcript, { at: event.occurred_at, from: 'bot', text: event.text ?? '' })
    : state.transcript;
  const botTurns = state.botTurns + (spoke ? 1 : 0);
  switch (event.type) {
    case 'bot.replied':
      return {
        ...state,
        transcript,
        botTurns,
        consecutiveFallbacks: event.fallback ? state.consecutiveFallbacks + 1 : 0,
      };
    case 'bot.resolved':
      return { ...state, transcript, botTurns, consecutiveFallbacks: 0 };
    case 'bot.handover_requested':
      return { ...state, transcript, botTurns, consecutiveFallbacks: 0, handoverPending: true };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}
