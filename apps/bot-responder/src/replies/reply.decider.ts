import { type BotEvent, type HandoverReason } from '@handover/contracts';
import { type EffectIntent } from '@handover/kafka';
import { type BotAnswer } from '../bot-engine';
import { isHandoverPending, type ThreadState, transcriptOf } from '../conversation/thread-state';
import { type ContentFact } from './content-fact';

export interface ReplyPolicy {
  botCategoryId: string;
  /** Open an intervention before the first reply when the message has none (seed: replies count only then). */
  openInterventionFirst: boolean;
  maxConsecutiveFallbacks: number;
  defaultLanguage: string;
}

export interface EmergencyView {
  active: boolean;
  sourceIds: string[] | null;
}

export type SkipReason =
  | 'not_customer'
  | 'empty_message'
  | 'not_bot_category'
  | 'emergency'
  | 'already_answered'
  | 'handover_pending';

/** Whether the bot answers this message at all; null means it does. */
export function skipReason(
  fact: ContentFact,
  thread: ThreadState,
  /** The switches that apply (in force when the message was written, and now); any one silences. */
  emergencies: readonly EmergencyView[],
  alreadyAnswered: boolean,
  policy: ReplyPolicy,
): SkipReason | null {
  if (fact.creatorId !== null) {
    return 'not_customer';
  }
  if (fact.body.trim() === '') {
    return 'empty_message';
  }
  if (!thread.categoryIds.includes(policy.botCategoryId)) {
    return 'not_bot_category';
  }
  if (
    emergencies.some((e) => e.active && (e.sourceIds === null || e.sourceIds.includes(thread.sourceId ?? '')))
  ) {
    return 'emergency';
  }
  if (alreadyAnswered) {
    return 'already_answered';
  }
  return isHandoverPending(thread) ? 'handover_pending' : null;
}

export type BotOutcome = BotAnswer | { kind: 'error'; message: string };

export interface ReplyDecision {
  event: BotEvent;
  effects: EffectIntent[];
}

/** The bot's answer turned into one decision event and the platform calls it needs, in order. */
export function decideReply(
  fact: ContentFact,
  thread: ThreadState,
  outcome: BotOutcome,
  policy: ReplyPolicy,
  now: Date,
): ReplyDecision {
  const base = {
    thread_id: fact.threadId,
    content_id: fact.contentId,
    source_id: thread.sourceId,
    occurred_at: now.toISOString(),
  };
  const event = decisionEvent(base, thread, outcome, policy);
  const effects: EffectIntent[] = [];
  const key = fact.threadId;
  if (event.text) {
    if (policy.openInterventionFirst && fact.interventionId === null && thread.interventionId === null) {
      effects.push({
        id: `open-intervention:${fact.contentId}`,
        kind: 'open_intervention',
        sequenceKey: key,
        payload: { contentId: fact.contentId },
      });
    }
    effects.push({
      id: `reply:${fact.contentId}`,
      kind: 'post_reply',
      sequenceKey: key,
      payload: { threadId: fact.threadId, inReplyToId: fact.contentId, body: event.text },
    });
  }
  if (event.type === 'bot.resolved') {
    effects.push({
      id: `close-intervention:${fact.contentId}`,
      kind: 'close_intervention',
      sequenceKey: key,
      payload: { threadId: fact.threadId, replyEffectId: `reply:${fact.contentId}` },
    });
  }
  return { event, effects };
}

type Base = Pick<BotEvent, 'thread_id' | 'content_id' | 'source_id' | 'occurred_at'>;

function decisionEvent(base: Base, thread: ThreadState, outcome: BotOutcome, policy: ReplyPolicy): BotEvent {
  if (outcome.kind === 'error') {
    return handover(base, thread, 'bot_error', null, null, policy.defaultLanguage);
  }
  switch (outcome.kind) {
    case 'reply': {
      const fallbacks = thread.consecutiveFallbacks + (outcome.fallback ? 1 : 0);
      if (outcome.fallback && fallbacks >= policy.maxConsecutiveFallbacks) {
        return handover(base, thread, 'fallbacks', null, outcome.intent, outcome.language);
      }
      return {
        ...base,
        type: 'bot.replied',
        event_id: `bot.replied:${base.content_id}`,
        language: outcome.language,
        text: outcome.text,
        intent: outcome.intent,
        fallback: outcome.fallback,
      };
    }
    case 'resolve':
      return {
        ...base,
        type: 'bot.resolved',
        event_id: `bot.resolved:${base.content_id}`,
        language: outcome.language,
        text: outcome.text,
        intent: outcome.intent,
      };
    case 'handover':
      return handover(base, thread, outcome.reason, outcome.text, outcome.intent, outcome.language);
    default: {
      const unknownOutcome: never = outcome;
      return unknownOutcome;
    }
  }
}

function handover(
  base: Base,
  thread: ThreadState,
  reason: HandoverReason,
  text: string | null,
  intent: string | null,
  language: string,
): BotEvent {
  return {
    ...base,
    type: 'bot.handover_requested',
    event_id: `bot.handover_requested:${base.content_id}`,
    language,
    reason,
    text,
    intent,
    transcript: transcriptOf(thread),
    category_ids: thread.lastFactAt === null ? null : thread.categoryIds,
    categories_at: thread.lastFactAt,
    intervention_id: thread.interventionId,
  };
}
