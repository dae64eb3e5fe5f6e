import { type BotEngineError } from '../bot-engine.exception';
import { type BotAnswer } from '../bot-engine.port';

/** CX's match type when no intent, route or parameter matched the customer's text. */
const NO_MATCH = 'NO_MATCH';

type Json = Record<string, unknown>;

/**
 * A detectIntent response (DetectIntentResponse.queryResult, REST v3) as what the bot wants done:
 * - `text` messages are the reply, joined by a blank line;
 * - a `liveAgentHandoff` hands over, with the texts before it (texts after it are not sent);
 * - otherwise an `endInteraction` (CX's End Session) resolves;
 * - `payload` and the voice-only messages (audio, telephony) are ignored: they have no text form a
 *   customer should read.
 * The intent is the matched intent's display name, else CX's match type; NO_MATCH is a fallback.
 * A malformed response is an error naming the faulty field, never the bot's text.
 */
export function answerOfDetectIntent(
  response: unknown,
  requestedLanguage: string,
  invalid: (problem: string) => BotEngineError,
): BotAnswer {
  const result = isObject(response) ? response.queryResult : undefined;
  if (!isObject(result)) {
    throw invalid('answered without a queryResult');
  }
  const messages = result.responseMessages ?? [];
  if (!Array.isArray(messages)) {
    throw invalid('answered responseMessages that are not a list');
  }
  const texts: string[] = [];
  let handover = false;
  let ended = false;
  messages.forEach((message: unknown, index) => {
    if (!isObject(message)) {
      throw invalid(`answered a response message [${index}] that is not an object`);
    }
    if (message.text !== undefined) {
      const parts = isObject(message.text) ? (message.text.text ?? []) : null;
      if (!Array.isArray(parts) || !parts.every((part) => typeof part === 'string')) {
        throw invalid(`answered a response message [${index}] whose text is not a list of strings`);
      }
      if (!handover) {
        texts.push(...parts.filter((part) => part.trim() !== ''));
      }
    }
    handover ||= message.liveAgentHandoff !== undefined;
    ended ||= message.endInteraction !== undefined;
  });

  const language =
    typeof result.languageCode === 'string' && result.languageCode !== ''
      ? result.languageCode
      : requestedLanguage;
  const match = isObject(result.match) ? result.match : {};
  const intentName = isObject(match.intent) ? nonEmpty(match.intent.displayName) : null;
  const matchType = nonEmpty(match.matchType);
  const text = texts.join('\n\n');

  if (handover) {
    return { kind: 'handover', reason: 'explicit', text: text || null, intent: intentName, language };
  }
  // A bot that says nothing must not leave the customer waiting: the caller hands over on this error.
  if (text === '') {
    throw invalid('answered no text and no handover');
  }
  const intent = intentName ?? matchType ?? 'unknown';
  if (ended) {
    return { kind: 'resolve', text, intent, language };
  }
  return { kind: 'reply', text, intent, language, fallback: matchType === NO_MATCH };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
