import { type BotAnswerBody, type TranscriptLine } from '@handover/contracts';

/** One customer message of a turn. */
export interface TurnMessage {
  contentId: string;
  text: string;
  /** When the customer wrote it (the webhook's issued_at). */
  sentAt: string;
}

/**
 * What the bot is asked: the customer's messages since its last answer (usually one; several when
 * they wrote again while it was thinking), with the conversation before them.
 */
export interface BotTurn {
  /** `ask:<first content id>`: the same when a turn is asked again after a crash. */
  turnId: string;
  threadId: string;
  /** The latest message: the one the answer replies to. */
  contentId: string;
  /** The messages' texts joined by line breaks, for engines that take one text. */
  text: string;
  messages: readonly TurnMessage[];
  /** From the message metadata when the platform gave it ('fr', 'en'…), else null. */
  language: string | null;
  sourceId: string | null;
  interventionId: string | null;
  /** When the latest message was written. */
  sentAt: string;
  /** The conversation before the turn's messages, oldest first. */
  transcript: readonly TranscriptLine[];
}

/**
 * What the bot wants done with a turn (the contract's BotAnswerBody, as bot.answered carries it).
 * `fallback: true` means it did not understand: the caller counts consecutive fallbacks and hands
 * over after N, the engine never does.
 */
export type BotAnswer = BotAnswerBody;

export interface BotEngine {
  /**
   * Answers from memory, without I/O (the rules): asked inside the consumer's transaction, where it
   * holds nothing. Every other engine is asked on the bot's lane, outside any transaction (ADR 0012).
   */
  readonly inProcess?: boolean;
  /** Throws BotEngineError when the bot cannot answer (down, timeout, bad answer). */
  answer(turn: BotTurn): Promise<BotAnswer>;
}

export const BOT_ENGINE = Symbol('BOT_ENGINE');
