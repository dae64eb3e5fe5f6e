import { type ReplyTarget } from '../engage-events-v1/reply-target';

/** Why the bot handed a conversation to humans. */
export type HandoverReason = 'explicit' | 'fallbacks' | 'intent' | 'bot_error';

/** One line of the conversation as the bot saw it, handed to the agent with the handover. */
export interface TranscriptLine {
  at: string;
  from: 'customer' | 'bot';
  text: string;
}

interface BotEventBase {
  /** Deterministic (`<type>:<content id>`): the same decision always carries the same id. */
  event_id: string;
  thread_id: string;
  /** The customer message the decision answers. */
  content_id: string;
  source_id: string | null;
  occurred_at: string;
  language: string;
}

export interface BotRepliedEvent extends BotEventBase {
  type: 'bot.replied';
  text: string;
  intent: string;
  /** The bot did not understand; consecutive fallbacks lead to a handover. */
  fallback: boolean;
}

export interface BotResolvedEvent extends BotEventBase {
  type: 'bot.resolved';
  text: string;
  intent: string;
}

export interface BotHandoverRequestedEvent extends BotEventBase {
  type: 'bot.handover_requested';
  reason: HandoverReason;
  /**
   * The bot's own words for why, when it gave some (the bot contract's `handover.reason`), shown to
   * the agent; `reason` stays the category statistics count. Added in v1.7; absent from older records.
   */
  reason_detail?: string | null;
  /** What the bot told the customer while handing over, if anything. */
  text: string | null;
  intent: string | null;
  transcript: TranscriptLine[];
  /**
   * The thread's categories as the bot last saw them (from RCED's latest fact at `categories_at`),
   * so handover can recategorize before its own copy of engage events catches up. Added in v1.1;
   * absent from older records.
   */
  category_ids?: string[] | null;
  categories_at?: string | null;
  intervention_id?: string | null;
  /**
   * How to answer the customer's message this request is about (private, email recipients…), so the
   * waiting notice fits the source. Added in v1.2; absent from older records.
   */
  reply_target?: ReplyTarget;
}

/** Decisions of bot-responder on `bot.events.v1`, keyed by thread id. */
export type BotEvent = BotRepliedEvent | BotResolvedEvent | BotHandoverRequestedEvent;

export const BOT_EVENT_TYPES: ReadonlyArray<BotEvent['type']> = [
  'bot.replied',
  'bot.resolved',
  'bot.handover_requested',
];

/**
 * A platform call of bot-responder given up for good (a 4xx, or retries exhausted), published on
 * bot.events.v1 beside the decisions so that operators and handover see it. Not a decision: it is
 * not part of BotEvent.
 */
export interface BotEffectFailedEvent {
  type: 'bot.effect_failed';
  /** `bot.effect_failed:<effect id>`. */
  event_id: string;
  thread_id: string;
  /** The effect ledger's id, e.g. `reply:<content id>`. */
  effect_id: string;
  effect_kind: string;
  code: string;
  /** The platform's HTTP status; null when none came back (a timeout, a network error). */
  status: number | null;
  message: string;
  attempts: number;
}

export const BOT_EFFECT_FAILED: BotEffectFailedEvent['type'] = 'bot.effect_failed';

/**
 * The thread's categories as bot-responder read them from RCED (`GET /1.0/content_threads/{id}`,
 * `thread_category_ids`) because a customer message came without `category_ids` and the thread's
 * were not known. The message it was read for is decided when this comes back. Not a decision.
 */
export interface BotThreadReadEvent {
  type: 'bot.thread_read';
  /** `bot.thread_read:<content id>`. */
  event_id: string;
  thread_id: string;
  /** The customer message waiting for the thread's categories. */
  content_id: string;
  /** null when RCED could not be read (the message is then not answered: see bot.effect_failed). */
  category_ids: string[] | null;
  read_at: string;
}

export const BOT_THREAD_READ: BotThreadReadEvent['type'] = 'bot.thread_read';

/** What a bot answered to one turn, as bot-responder decides on it. */
export type BotAnswerBody =
  | { kind: 'reply'; text: string; intent: string; language: string; fallback: boolean }
  | { kind: 'resolve'; text: string; intent: string; language: string }
  | {
      kind: 'handover';
      text: string | null;
      intent: string | null;
      language: string;
      reason: 'explicit' | 'intent';
      /** The bot's own words for why (the bot contract's `handover.reason`), for the agent. */
      detail?: string | null;
    };

interface BotTurnOutcomeBase {
  /** `<type>:<turn id>`. */
  event_id: string;
  thread_id: string;
  /** `ask:<first content id of the turn>`: the same id when the turn was asked again after a crash. */
  turn_id: string;
  /** The customer messages the bot was given, oldest first; the decision answers the last one. */
  content_ids: string[];
}

/**
 * The bot's answer to a turn. The bot is asked by an effect, outside any transaction; its answer comes
 * back on the thread's key so that bot-responder decides on it in order with the rest of the thread.
 * Not a decision: the decision (bot.replied, bot.resolved, bot.handover_requested) follows. Added in v1.5.
 */
export interface BotAnsweredEvent extends BotTurnOutcomeBase {
  type: 'bot.answered';
  answer: BotAnswerBody;
  answered_at: string;
}

/** The bot could not answer a turn, for good (refused, malformed, or retries exhausted). Added in v1.5. */
export interface BotAnswerFailedEvent extends BotTurnOutcomeBase {
  type: 'bot.answer_failed';
  /** The engine's error code: timeout, unavailable, rate_limited, auth_refused, refused, invalid_answer. */
  code: string;
  /** Names the bot and the problem, never credentials or the conversation's text. */
  message: string;
  attempts: number;
  failed_at: string;
}

export const BOT_ANSWERED: BotAnsweredEvent['type'] = 'bot.answered';
export const BOT_ANSWER_FAILED: BotAnswerFailedEvent['type'] = 'bot.answer_failed';

export const BOT_EVENTS_SCHEMA_VERSION = '1';
