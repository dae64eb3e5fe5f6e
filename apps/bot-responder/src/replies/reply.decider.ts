import {
  type BotEvent,
  type EmergencyCoverage,
  emergencyCovers,
  type HandoverReason,
  type ReplyTarget,
} from '@handover/contracts';
import { type EffectIntent } from '@handover/event-runtime';
import { type BotAnswer } from '../bot-engine';
import {
  isHandoverPending,
  observedCategories,
  type ThreadState,
  transcriptOf,
} from '../projection/thread-state';
import { type ContentFact } from '../projection/content-fact';

export interface ReplyPolicy {
  botCategoryId: string;
  agentCategoryId: string;
  /** The API token's user: the interventions the bot may close are the ones it holds. */
  botUserId: string;
  /** The bot works inside its own intervention (seed: replies count, and it may close it, only then). */
  openInterventionFirst: boolean;
  maxConsecutiveFallbacks: number;
  defaultLanguage: string;
  /** Told to a customer whose message holds only attachments: the bot reads text. */
  attachmentNotices: Readonly<Record<string, string>>;
  /** When the bot cannot answer (BOT_FAILURE_POLICY): hand over (`bot_error`), or apologize. */
  failurePolicy: 'handover' | 'apology';
  apologies: Readonly<Record<string, string>>;
}

export type SkipReason =
  | 'not_customer'
  | 'empty_message'
  | 'not_bot_category'
  | 'agent_category'
  | 'emergency'
  | 'already_answered'
  | 'handover_pending'
  | 'superseded'
  | 'categories_unknown';

/** The checks that need nothing but the message itself: most content.imported are not customers'. */
export function messageSkipReason(fact: ContentFact): SkipReason | null {
  if (fact.notCustomer !== null) {
    return 'not_customer';
  }
  return fact.body.trim() === '' && !fact.hasAttachment ? 'empty_message' : null;
}

export interface SkipContext {
  /** The thread's categories now (from the event, or read from RCED). */
  categoryIds: readonly string[];
  /** The emergencies that apply: the one in force when the message was written, and now. */
  emergencies: readonly EmergencyCoverage[];
  alreadyAnswered: boolean;
  /** The message's author is one of the identities our replies were posted as. */
  ownIdentity: boolean;
}

/** Whether the bot answers this message at all; null means it does. */
export function skipReason(
  fact: ContentFact,
  thread: ThreadState,
  context: SkipContext,
  policy: ReplyPolicy,
): SkipReason | null {
  const messageSkip = messageSkipReason(fact);
  if (messageSkip !== null) {
    return messageSkip;
  }
  if (context.ownIdentity) {
    return 'not_customer';
  }
  // A thread holding both handover categories is the agents': the bot never talks over an agent.
  if (context.categoryIds.includes(policy.agentCategoryId)) {
    return 'agent_category';
  }
  if (!context.categoryIds.includes(policy.botCategoryId)) {
    return 'not_bot_category';
  }
  const sourceId = thread.sourceId ?? fact.sourceId;
  if (context.emergencies.some((coverage) => emergencyCovers(coverage, sourceId))) {
    return 'emergency';
  }
  if (context.alreadyAnswered) {
    return 'already_answered';
  }
  return isHandoverPending(thread) ? 'handover_pending' : null;
}

export type BotOutcome = BotAnswer | { kind: 'error'; message: string };

/**
 * A message with attachments and no text: the bot says it reads text only. It counts as a message
 * the bot did not understand, so after BOT_MAX_CONSECUTIVE_FALLBACKS of them in a row (or with
 * misunderstood texts) the customer goes to an agent.
 */
export function attachmentOnlyOutcome(fact: ContentFact, policy: ReplyPolicy): BotOutcome {
  const language = fact.language ?? policy.defaultLanguage;
  const text = inLanguage(policy.attachmentNotices, language, policy);
  return { kind: 'reply', text, intent: 'attachment_only', language, fallback: true };
}

/**
 * The bot could not answer (timeout, refusal, bad answer, after its retries). `handover`: the
 * customer goes to an agent with reason `bot_error`. `apology`: they are told, and it counts as a
 * message the bot did not understand, so after BOT_MAX_CONSECUTIVE_FALLBACKS in a row they go to an
 * agent all the same: never silence.
 */
export function failedAnswerOutcome(fact: ContentFact, policy: ReplyPolicy, code: string): BotOutcome {
  if (policy.failurePolicy === 'handover') {
    return { kind: 'error', message: code };
  }
  const language = fact.language ?? policy.defaultLanguage;
  const text = inLanguage(policy.apologies, language, policy);
  return { kind: 'reply', text, intent: 'bot_unavailable', language, fallback: true };
}

function inLanguage(texts: Readonly<Record<string, string>>, language: string, policy: ReplyPolicy): string {
  return texts[language] ?? texts[policy.defaultLanguage] ?? Object.values(texts)[0] ?? '';
}

export interface ReplyDecision {
  event: BotEvent;
  effects: EffectIntent[];
}

export interface OpenInterventionPayload {
  contentId: string;
  /** The intervention the message is in, if any: the bot takes it over when it is not its own. */
  interventionId: string | null;
}

export interface PostReplyPayload {
  threadId: string;
  body: string;
  target: ReplyTarget;
}

export interface CloseInterventionPayload {
  threadId: string;
  /** The reply posted just before: its content carries the intervention it went into. */
  replyEffectId: string;
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
  const event = decisionEvent(base, thread, outcome, policy, fact.replyTarget);
  const effects: EffectIntent[] = [];
  const key = fact.threadId;
  if (event.text) {
    if (policy.openInterventionFirst && !holdsIntervention(fact, thread, policy)) {
      effects.push({
        id: `open-intervention:${fact.contentId}`,
        kind: 'open_intervention',
        sequenceKey: key,
        payload: {
          contentId: fact.contentId,
          interventionId: fact.interventionId ?? thread.interventionId,
        } satisfies OpenInterventionPayload,
      });
    }
    effects.push({
      id: `reply:${fact.contentId}`,
      kind: 'post_reply',
      sequenceKey: key,
      payload: {
        threadId: fact.threadId,
        body: event.text,
        target: fact.replyTarget,
      } satisfies PostReplyPayload,
    });
  }
  if (event.type === 'bot.resolved' && policy.openInterventionFirst) {
    effects.push({
      id: `close-intervention:${fact.contentId}`,
      kind: 'close_intervention',
      sequenceKey: key,
      payload: {
        threadId: fact.threadId,
        replyEffectId: `reply:${fact.contentId}`,
      } satisfies CloseInterventionPayload,
    });
  }
  return { event, effects };
}

/**
 * The message is in an intervention the bot is known to hold. After a bot-first return, the
 * customer's message reopens the agent's intervention: the bot then takes it over before answering,
 * or its replies would count as the agent's and its close would be refused (seed "Case 1", 403).
 */
function holdsIntervention(fact: ContentFact, thread: ThreadState, policy: ReplyPolicy): boolean {
  const interventionId = fact.interventionId ?? thread.interventionId;
  return (
    interventionId !== null &&
    thread.interventionId === interventionId &&
    thread.ownerUserId === policy.botUserId
  );
}

type Base = Pick<BotEvent, 'thread_id' | 'content_id' | 'source_id' | 'occurred_at'>;

function decisionEvent(
  base: Base,
  thread: ThreadState,
  outcome: BotOutcome,
  policy: ReplyPolicy,
  replyTarget: ReplyTarget,
): BotEvent {
  const handover = (
    reason: HandoverReason,
    text: string | null,
    intent: string | null,
    language: string,
    detail: string | null = null,
  ): BotEvent => handoverRequested(base, thread, { reason, detail, text, intent, language, replyTarget });
  if (outcome.kind === 'error') {
    return handover('bot_error', null, null, policy.defaultLanguage);
  }
  switch (outcome.kind) {
    case 'reply': {
      const fallbacks = thread.consecutiveFallbacks + (outcome.fallback ? 1 : 0);
      if (outcome.fallback && fallbacks >= policy.maxConsecutiveFallbacks) {
        return handover('fallbacks', null, outcome.intent, outcome.language);
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
      return handover(outcome.reason, outcome.text, outcome.intent, outcome.language, outcome.detail ?? null);
    default: {
      const unknownOutcome: never = outcome;
      return unknownOutcome;
    }
  }
}

interface HandoverRequest {
  reason: HandoverReason;
  detail: string | null;
  text: string | null;
  intent: string | null;
  language: string;
  replyTarget: ReplyTarget;
}

function handoverRequested(base: Base, thread: ThreadState, request: HandoverRequest): BotEvent {
  const observed = observedCategories(thread);
  return {
    ...base,
    type: 'bot.handover_requested',
    event_id: `bot.handover_requested:${base.content_id}`,
    language: request.language,
    reason: request.reason,
    ...(request.detail ? { reason_detail: request.detail } : {}),
    text: request.text,
    intent: request.intent,
    transcript: transcriptOf(thread),
    category_ids: observed?.categoryIds ?? null,
    categories_at: observed?.at ?? null,
    intervention_id: thread.interventionId,
    reply_target: request.replyTarget,
  };
}
