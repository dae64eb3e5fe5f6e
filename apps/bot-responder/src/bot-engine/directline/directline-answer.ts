import { type BotAnswer } from '../bot-engine.port';
import { type AnswerMessage, asPlainText } from '../contract/bot-contract';
import { type DirectLineActivity, isObject } from './directline-api';

/** Bot Framework's handoff protocol event, which Copilot Studio's "Transfer conversation" raises too. */
export const HANDOFF_EVENT = 'handoff.initiate';

const CARDS = new Set(['application/vnd.microsoft.card.hero', 'application/vnd.microsoft.card.thumbnail']);

type Reply = { title: string };

/**
 * The bot's activities of one turn as an answer, or null when it said nothing and did not hand
 * over. Rich parts are flattened as the bot contract says (docs/bot-contract.md): suggested actions
 * and card buttons become a numbered list, images their links.
 */
export function answerOf(activities: readonly DirectLineActivity[], language: string): BotAnswer | null {
  const texts = activities
    .filter((activity) => activity.type === 'message')
    .flatMap(partsOf)
    .map(asPlainText);
  const text = texts.length > 0 ? texts.join('\n\n') : null;
  const handoff = activities.find(isHandoff);
  if (handoff !== undefined) {
    return { kind: 'handover', reason: 'explicit', text, intent: lastTopicOf(handoff), language };
  }
  if (text === null) {
    return null;
  }
  if (activities.some((activity) => activity.type === 'endOfConversation')) {
    return { kind: 'resolve', text, intent: 'resolve', language };
  }
  return { kind: 'reply', text, intent: 'unknown', language, fallback: false };
}

export function isHandoff(activity: DirectLineActivity): boolean {
  return activity.type === 'event' && activity.name === HANDOFF_EVENT;
}

function partsOf(message: DirectLineActivity): AnswerMessage[] {
  const suggested = isObject(message.suggestedActions) ? message.suggestedActions.actions : undefined;
  const text = withReplies(textOf(message.text), repliesOf(suggested));
  return [...(text === null ? [] : [text]), ...arrayOf(message.attachments).flatMap(attachmentParts)];
}

function attachmentParts(attachment: unknown): AnswerMessage[] {
  if (!isObject(attachment) || typeof attachment.contentType !== 'string') {
    return [];
  }
  if (attachment.contentType.startsWith('image/') && typeof attachment.contentUrl === 'string') {
    return [{ type: 'image', url: attachment.contentUrl }];
  }
  // Adaptive Cards and files have no faithful plain-text form: they are left out.
  if (!CARDS.has(attachment.contentType) || !isObject(attachment.content)) {
    return [];
  }
  const card = attachment.content;
  const lines = [card.title, card.subtitle, card.text].map(textOf).filter((line) => line !== null);
  const text = withReplies(lines.length > 0 ? lines.join('\n') : null, repliesOf(card.buttons));
  const images = arrayOf(card.images)
    .map((image) => (isObject(image) ? textOf(image.url) : null))
    .filter((url) => url !== null)
    .map((url): AnswerMessage => ({ type: 'image', url }));
  return [...(text === null ? [] : [text]), ...images];
}

function withReplies(text: string | null, replies: Reply[]): AnswerMessage | null {
  if (replies.length === 0) {
    return text === null ? null : { type: 'text', text };
  }
  if (text !== null) {
    return { type: 'quick_replies', text, replies };
  }
  return { type: 'text', text: asPlainText({ type: 'quick_replies', text: '', replies }).trimStart() };
}

/** Card actions as the customer would read them; a link keeps its URL, it cannot be clicked here. */
function repliesOf(actions: unknown): Reply[] {
  return arrayOf(actions).flatMap((action) => {
    if (!isObject(action)) {
      return [];
    }
    const title = textOf(action.title) ?? textOf(action.value);
    if (title === null) {
      return [];
    }
    const url = action.type === 'openUrl' ? textOf(action.value) : null;
    return [{ title: url !== null && url !== title ? `${title}: ${url}` : title }];
  });
}

/** Copilot Studio puts the topic that handed over in `value.va_LastTopic`. */
function lastTopicOf(handoff: DirectLineActivity): string | null {
  return isObject(handoff.value) ? textOf(handoff.value.va_LastTopic) : null;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}
