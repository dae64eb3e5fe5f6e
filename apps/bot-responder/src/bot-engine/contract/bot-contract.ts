import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { BotEngineError, BotEngineErrorCode } from '../bot-engine.exception';
import answerSchema from './bot-answer.schema.json';
import turnSchema from './bot-turn.schema.json';

/** One turn as the bot receives it (bot-turn.schema.json, docs/bot-contract.md). */
export interface BotTurnV1 {
  version: 1;
  turn_id: string;
  thread: {
    id: string;
    source_id: string | null;
    source_type: string | null;
    channel_id: string | null;
    intervention_id: string | null;
    language: string | null;
  };
  messages: TurnMessage[];
  transcript: TranscriptLine[];
  identity: TurnIdentity | null;
  custom_fields: Record<string, unknown>;
}

export interface TurnMessage {
  content_id: string;
  text: string;
  created_at: string;
  attachments: Array<{ type: string; url: string; name: string | null }>;
}

export interface TranscriptLine {
  from: 'customer' | 'bot';
  text: string;
  at: string;
}

/** The identity fields RCED documents (ENGAGE_API.md §2.8, GET /1.0/identities/{id}). */
export interface TurnIdentity {
  id: string;
  display_name?: string | null;
  screenname?: string | null;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
  mobile_phone?: string | null;
  foreign_id?: string | null;
  uuid?: string | null;
}

export type AnswerMessage =
  | { type: 'text'; text: string }
  | { type: 'quick_replies'; text: string; replies: Array<{ title: string; payload?: string }> }
  | { type: 'image'; url: string; alt?: string };

/** What the bot answers (bot-answer.schema.json): messages, then at most one of handover or resolve. */
export interface BotAnswerV1 {
  messages: AnswerMessage[];
  handover?: { reason: string };
  resolve?: true;
  intent?: string;
  language?: string;
  fallback?: boolean;
}

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv, ['date-time']);
const validTurn = ajv.compile<BotTurnV1>(turnSchema);
const validAnswer = ajv.compile<BotAnswerV1>(answerSchema);

/**
 * The bot's answer, checked against the contract; a malformed one is a BotEngineError (the bot
 * failure policy applies) naming at most five problems, never echoing the bot's text.
 */
export function parseBotAnswer(value: unknown): BotAnswerV1 {
  if (validAnswer(value)) {
    return value;
  }
  throw new BotEngineError(
    BotEngineErrorCode.InvalidAnswer,
    `The bot's answer breaks the contract: ${problems(validAnswer.errors)}`,
  );
}

/** The problems of a turn against the contract, none when it holds (a guard for our own builder). */
export function turnProblems(turn: unknown): string[] {
  return validTurn(turn) ? [] : (validTurn.errors ?? []).map(describe);
}

/**
 * A message as plain text, for sources without structured replies (docs/bot-contract.md,
 * "Rich messages"): quick replies become a numbered list under their text, an image its link.
 */
export function asPlainText(message: AnswerMessage): string {
  switch (message.type) {
    case 'text':
      return message.text;
    case 'quick_replies':
      return [message.text, ...message.replies.map((reply, index) => `${index + 1}. ${reply.title}`)].join(
        '\n',
      );
    case 'image':
      return message.alt ? `${message.alt}: ${message.url}` : message.url;
    default: {
      const unknown: never = message;
      return unknown;
    }
  }
}

function problems(errors: readonly ErrorObject[] | null | undefined): string {
  const all = (errors ?? []).map(describe);
  const shown = [...new Set(all)].slice(0, 5);
  return shown.join('; ') + (all.length > shown.length ? ' …' : '');
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '(answer)'} ${error.message ?? 'is invalid'}`;
}
