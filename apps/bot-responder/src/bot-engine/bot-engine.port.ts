import { type BotAnswerBody, type TranscriptLine } from '@handover/contracts';

/** One customer message of a turn. */
export interface TurnMessage {
  contentId: string;
  text: string;
  /** When the customer wrote it (the webhook's issued_at). */
  sentAt: string;
  /** The webhook's `has_attachment` (absent from turns recorded before it was kept). */
  hasAttachment?: boolean;
  /** Read from RCED for engines that take them (see TurnContextReader). */
  attachments?: readonly TurnAttachment[];
}

/** An attachment as RCED lists it on the content (OpenAPI `ContentAttachment`). */
export interface TurnAttachment {
  type: string;
  /** RCED's download URL: it needs an access token of the bot's own, never ours. */
  url: string;
  name: string | null;
}

/** The author's identity fields RCED documents (ENGAGE_API.md §2.8, GET /1.0/identities/{id}). */
export interface TurnIdentity {
  id: string;
  display_name: string | null;
  screenname: string | null;
  firstname: string | null;
  lastname: string | null;
  email: string | null;
  mobile_phone: string | null;
  foreign_id: string | null;
  uuid: string | null;
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
  /** The source's type as the content's type names it (`chat` of `chat/message`), when known. */
  sourceType?: string | null;
  /** The customer's identity id on the source (the latest message's author). */
  authorId?: string | null;
  /** Read from RCED for engines that take it (see TurnContextReader); null when it could not be. */
  identity?: TurnIdentity | null;
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
  /**
   * Passes the customer's identity and attachments to the bot: they are read from RCED (platform
   * calls, within the shared quota) before it is asked. Engines that would only log them do not.
   */
  readonly takesPlatformContext?: boolean;
  /** Throws BotEngineError when the bot cannot answer (down, timeout, bad answer). */
  answer(turn: BotTurn): Promise<BotAnswer>;
}

export const BOT_ENGINE = Symbol('BOT_ENGINE');
