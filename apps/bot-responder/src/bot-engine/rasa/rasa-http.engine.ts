import { BotEngineError, BotEngineErrorCode } from '../bot-engine.exception';
import { type BotAnswer, type BotEngine, type BotTurn } from '../bot-engine.port';
import { asPlainText, type AnswerMessage } from '../contract/bot-contract';
import { postToBot } from '../http/post-to-bot';

export interface RasaHttpEngineOptions {
  /** The REST channel webhook, e.g. http://rasa:5005/webhooks/rest/webhook. */
  url: string;
  timeoutMs: number;
  defaultLanguage: string;
}

/** A message of Rasa's REST channel answer: text, image, buttons or a custom payload (rasa.com/docs, REST channels). */
interface RasaMessage {
  recipient_id?: unknown;
  text?: unknown;
  image?: unknown;
  buttons?: unknown;
  custom?: unknown;
}

type Custom = Record<string, unknown>;

/** Rasa's own name for "no intent was confident enough". */
const NLU_FALLBACK = 'nlu_fallback';

/**
 * A bot behind Rasa's REST channel contract. The bot steers the conversation through `custom`
 * payloads: {handover: true} or {action: 'handover'}, {resolve: true} or {action: 'resolve'},
 * {fallback: true} or intent 'nlu_fallback', each with an optional `intent` name.
 */
export class RasaHttpEngine implements BotEngine {
  private readonly url: string;
  /** Safe to log: origin and path only, never credentials or query string. */
  private readonly label: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: RasaHttpEngineOptions) {
    const url = URL.canParse(options.url) ? new URL(options.url) : null;
    // Not echoed: the URL may hold credentials.
    if (url === null || !['http:', 'https:'].includes(url.protocol)) {
      throw new Error('The Rasa bot URL must be an absolute http(s) URL');
    }
    if (!Number.isInteger(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new Error(`The Rasa bot timeout must be a positive number of milliseconds`);
    }
    this.headers = { 'content-type': 'application/json', accept: 'application/json' };
    // fetch refuses URLs holding credentials: they travel as a Basic authorization header instead.
    if (url.username || url.password) {
      const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      this.headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    this.url = url.toString();
    this.label = `${url.origin}${url.pathname}`;
  }

  async answer(turn: BotTurn): Promise<BotAnswer> {
    const language = turn.language ?? this.options.defaultLanguage;
    const body = await this.post({
      sender: turn.threadId,
      message: turn.text,
      metadata: { content_id: turn.contentId, language },
    });
    return this.toAnswer(this.parse(body), language);
  }

  private post(payload: unknown): Promise<string> {
    return postToBot(
      { url: this.url, label: `Rasa bot at ${this.label}`, timeoutMs: this.options.timeoutMs },
      this.headers,
      JSON.stringify(payload),
    );
  }

  private parse(body: string): RasaMessage[] {
    let messages: unknown;
    try {
      messages = JSON.parse(body);
    } catch {
      throw this.error(BotEngineErrorCode.InvalidAnswer, 'answered something that is not JSON');
    }
    if (!Array.isArray(messages)) {
      throw this.error(BotEngineErrorCode.InvalidAnswer, 'answered JSON that is not an array of messages');
    }
    messages.forEach((message: unknown, index) => {
      if (!isObject(message)) {
        throw this.error(
          BotEngineErrorCode.InvalidAnswer,
          `answered a message [${index}] that is not an object`,
        );
      }
      if (message.text !== undefined && typeof message.text !== 'string') {
        throw this.error(
          BotEngineErrorCode.InvalidAnswer,
          `answered a message [${index}] whose text is not a string`,
        );
      }
      if (message.image !== undefined && typeof message.image !== 'string') {
        throw this.error(
          BotEngineErrorCode.InvalidAnswer,
          `answered a message [${index}] whose image is not a URL string`,
        );
      }
      if (message.buttons !== undefined && !isButtons(message.buttons)) {
        throw this.error(
          BotEngineErrorCode.InvalidAnswer,
          `answered a message [${index}] whose buttons are not a list of {title, payload}`,
        );
      }
      if (message.custom !== undefined && message.custom !== null && !isObject(message.custom)) {
        throw this.error(
          BotEngineErrorCode.InvalidAnswer,
          `answered a message [${index}] whose custom is not an object`,
        );
      }
    });
    return messages as RasaMessage[];
  }

  private toAnswer(messages: readonly RasaMessage[], language: string): BotAnswer {
    // Buttons and images are kept, flattened as the bot contract says (docs/bot-contract.md).
    const texts = messages.flatMap(contractMessages).map(asPlainText);
    const text = texts.length > 0 ? texts.join('\n\n') : null;
    const customs = messages.map((message) => message.custom).filter(isObject);
    const intentOf = (custom: Custom | undefined): string | undefined =>
      typeof custom?.intent === 'string' ? custom.intent : customs.map(intentName).find(Boolean);

    const handover = customs.find((custom) => custom.handover === true || custom.action === 'handover');
    if (handover) {
      return { kind: 'handover', reason: 'intent', intent: intentOf(handover) ?? 'handover', text, language };
    }
    // A bot that says nothing must not leave the customer waiting: the caller hands over on this error.
    if (text === null) {
      throw this.error(BotEngineErrorCode.InvalidAnswer, 'answered no text and no handover');
    }
    const resolve = customs.find((custom) => custom.resolve === true || custom.action === 'resolve');
    if (resolve) {
      return { kind: 'resolve', intent: intentOf(resolve) ?? 'resolve', text, language };
    }
    const fallback = customs.find((custom) => custom.fallback === true || custom.intent === NLU_FALLBACK);
    if (fallback) {
      return { kind: 'reply', fallback: true, intent: intentOf(fallback) ?? NLU_FALLBACK, text, language };
    }
    return { kind: 'reply', fallback: false, intent: intentOf(undefined) ?? 'unknown', text, language };
  }

  private error(code: BotEngineErrorCode, problem: string): BotEngineError {
    return new BotEngineError(code, `Rasa bot at ${this.label} ${problem}`);
  }
}

function contractMessages(message: RasaMessage): AnswerMessage[] {
  const text = typeof message.text === 'string' && message.text.trim() !== '' ? message.text : null;
  const parts: AnswerMessage[] = [];
  if (text !== null) {
    parts.push(
      isButtons(message.buttons) && message.buttons.length > 0
        ? {
            type: 'quick_replies',
            text,
            replies: message.buttons.map(({ title, payload }) => ({
              title,
              ...(payload ? { payload } : {}),
            })),
          }
        : { type: 'text', text },
    );
  }
  if (typeof message.image === 'string' && message.image !== '') {
    parts.push({ type: 'image', url: message.image });
  }
  return parts;
}

function isButtons(value: unknown): value is Array<{ title: string; payload?: string }> {
  return (
    Array.isArray(value) &&
    value.every(
      (button) =>
        isObject(button) &&
        typeof button.title === 'string' &&
        (button.payload === undefined || typeof button.payload === 'string'),
    )
  );
}

function isObject(value: unknown): value is Custom {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function intentName(custom: Custom): string | undefined {
  return typeof custom.intent === 'string' ? custom.intent : undefined;
}
