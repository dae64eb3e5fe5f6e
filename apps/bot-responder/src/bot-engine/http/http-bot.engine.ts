import { BotEngineError, BotEngineErrorCode } from '../bot-engine.exception';
import { type BotAnswer, type BotEngine, type BotTurn } from '../bot-engine.port';
import { asPlainText, type BotAnswerV1, type BotTurnV1, parseBotAnswer } from '../contract/bot-contract';
import { type BotEndpoint, postToBot } from './post-to-bot';
import { signatureHeaders } from './request-signature';

export type HttpBotAuth = { kind: 'bearer'; token: string } | { kind: 'hmac'; secret: string };

export interface HttpBotEngineOptions {
  /** Where the bot takes turns: POST, JSON in and out (docs/bot-contract.md). */
  url: string;
  auth: HttpBotAuth;
  timeoutMs: number;
  defaultLanguage: string;
  /** Sent as the turn's `custom_fields`. */
  customFields: Record<string, unknown>;
  /** The latest lines of the conversation before the turn that the bot is given. */
  transcriptLines: number;
  nowSeconds?: () => number;
}

/**
 * The team's own bot over HTTP, speaking the bot contract as it is (docs/bot-contract.md): each
 * turn is POSTed with a bearer token or an HMAC-SHA256 signature, and the answer is checked against
 * the contract before anything reaches a customer.
 */
export class HttpBotEngine implements BotEngine {
  readonly takesPlatformContext = true;
  private readonly endpoint: BotEndpoint;

  constructor(private readonly options: HttpBotEngineOptions) {
    const url = URL.canParse(options.url) ? new URL(options.url) : null;
    // Not echoed: the URL may hold credentials.
    if (url === null || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
      throw new Error('The bot URL must be an absolute http(s) URL without credentials');
    }
    if (!Number.isInteger(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new Error('The bot timeout must be a positive number of milliseconds');
    }
    // Safe to log: origin and path only.
    this.endpoint = {
      url: options.url,
      label: `The bot at ${url.origin}${url.pathname}`,
      timeoutMs: options.timeoutMs,
    };
  }

  async answer(turn: BotTurn): Promise<BotAnswer> {
    const body = JSON.stringify(this.turnOf(turn));
    const response = await this.post(body);
    return answerOf(parseBotAnswer(response), turn.language ?? this.options.defaultLanguage);
  }

  private turnOf(turn: BotTurn): BotTurnV1 {
    return {
      version: 1,
      turn_id: turn.turnId,
      thread: {
        id: turn.threadId,
        source_id: turn.sourceId,
        source_type: turn.sourceType ?? null,
        channel_id: null,
        intervention_id: turn.interventionId,
        language: turn.language,
      },
      messages: turn.messages.map((message) => ({
        content_id: message.contentId,
        text: message.text,
        created_at: message.sentAt,
        attachments: (message.attachments ?? []).map((attachment) => ({ ...attachment })),
      })),
      transcript: turn.transcript
        .slice(turn.transcript.length - this.options.transcriptLines)
        .map((line) => ({ from: line.from, text: line.text, at: line.at })),
      identity: turn.identity ?? null,
      custom_fields: this.options.customFields,
    };
  }

  private async post(body: string): Promise<unknown> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    const { auth } = this.options;
    if (auth.kind === 'bearer') {
      headers.authorization = `Bearer ${auth.token}`;
    } else {
      const now = this.options.nowSeconds?.() ?? Math.floor(Date.now() / 1000);
      Object.assign(headers, signatureHeaders(auth.secret, body, now));
    }
    const text = await postToBot(this.endpoint, headers, body);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new BotEngineError(
        BotEngineErrorCode.InvalidAnswer,
        `${this.endpoint.label} answered something that is not JSON`,
      );
    }
  }
}

/**
 * The contract's answer as bot-responder's decision input. Until a decision carries several
 * messages, they go out as one reply, separated by a blank line, rich parts flattened
 * (docs/bot-contract.md).
 */
function answerOf(answer: BotAnswerV1, turnLanguage: string): BotAnswer {
  const text = answer.messages.map(asPlainText).join('\n\n');
  const language = answer.language ?? turnLanguage;
  const intent = answer.intent ?? null;
  if (answer.handover) {
    const detail = answer.handover.reason;
    return { kind: 'handover', text: text || null, intent, language, reason: 'explicit', detail };
  }
  if (answer.resolve) {
    return { kind: 'resolve', text, intent: intent ?? 'resolve', language };
  }
  return { kind: 'reply', text, intent: intent ?? 'unknown', language, fallback: answer.fallback ?? false };
}
