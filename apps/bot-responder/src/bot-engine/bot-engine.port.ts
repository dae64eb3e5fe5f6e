import { type TranscriptLine } from '@handover/contracts';

export interface BotTurn {
  threadId: string;
  contentId: string;
  text: string;
  /** From the message metadata when the platform gave it ('fr', 'en'…), else null. */
  language: string | null;
  sourceId: string | null;
  interventionId: string | null;
  /** When the customer wrote it (the webhook's issued_at). */
  sentAt: string;
  /** The conversation before this message, oldest first. */
  transcript: readonly TranscriptLine[];
}

/**
 * What the bot wants done with one customer message. `fallback: true` means it did not understand:
 * the caller counts consecutive fallbacks and hands over after N, the engine never does.
 */
export type BotAnswer =
  | { kind: 'reply'; text: string; intent: string; language: string; fallback: boolean }
  | { kind: 'resolve'; text: string; intent: string; language: string }
  | {
      kind: 'handover';
      text: string | null;
      intent: string | null;
      language: string;
      reason: 'explicit' | 'intent';
    };

export interface BotEngine {
  /** Throws BotEngineError when the bot cannot answer (down, timeout, bad answer). */
  answer(turn: BotTurn): Promise<BotAnswer>;
}

export const BOT_ENGINE = Symbol('BOT_ENGINE');
