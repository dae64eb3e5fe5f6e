import { type ReplyTarget, type ThreadRoutingEvent } from '@handover/contracts';
import { type EffectIntent } from '@handover/event-runtime';
import { type LanguageTexts, type RoutingPolicy } from './routing-policy';
import { type PendingRequest, type RoutingState, type ThreadFacts } from './routing-state';

export const EFFECT_KINDS = {
  updateCategories: 'update_categories',
  agentNote: 'agent_note',
  postContent: 'post_content',
  closeThread: 'close_thread',
  sourceDefaults: 'source_defaults',
  sourceDefault: 'source_default',
} as const;

export type RecategorizationTarget = 'AGENT' | 'BOT';

export interface UpdateCategoriesPayload {
  threadId: string;
  /**
   * Which handover category the thread must hold: the call reads the thread's categories on RCED
   * and sends them minus the other handover category plus this one. Absent from payloads recorded
   * before this rule, which send `categoryIds` as they are.
   */
  target?: RecategorizationTarget;
  /** What handover computed when it decided (the event's category_ids). */
  categoryIds: string[];
  /** Emergency moves are paced and may be cancelled while not yet attempted. */
  emergency?: boolean;
}

/** An agent-only note on the intervention the agent will work in: never a content (ADR 0008). */
export interface AgentNotePayload {
  threadId: string;
  /** The customer's message the handover is about: an intervention is opened on it when none is open. */
  contentId: string;
  body: string;
}

/** A text to the customer (waiting notice, reminder, offline notice), as the customer's message needs it. */
export interface PostContentPayload {
  threadId: string;
  body: string;
  target: ReplyTarget;
}

export interface CloseThreadPayload {
  threadId: string;
  interventionId: string;
}

/**
 * Pure: the platform calls one decision needs, with ids derived from the event's, so deciding twice
 * records them once. They run in this order, one thread at a time (sequence key = thread id).
 * `before` is the thread's state when the event was decided (its pending request carries the
 * context); `facts` what RCED last said of it (the customer's last message, to answer it).
 */
export function effectsOf(
  event: ThreadRoutingEvent,
  before: RoutingState,
  policy: RoutingPolicy,
  facts: ThreadFacts,
): EffectIntent[] {
  const threadId = event.thread_id;
  const requestTarget = before.request?.replyTarget ?? null;
  const customer = facts.lastCustomerReply ?? requestTarget;
  const language = before.request?.language ?? facts.language ?? policy.defaultLanguage;
  switch (event.type) {
    case 'thread.handed_over': {
      if (event.trigger === 'console') {
        return [];
      }
      const effects = [
        recategorize(event.event_id, threadId, 'AGENT', event.category_ids, event.trigger === 'emergency'),
      ];
      const request = before.request;
      if (event.private_note && request) {
        effects.push({
          id: `agent-note:${event.event_id}`,
          kind: EFFECT_KINDS.agentNote,
          sequenceKey: threadId,
          payload: {
            threadId,
            contentId: request.contentId,
            body: agentNote(request, event.waited_ms),
          } satisfies AgentNotePayload,
        });
      }
      if (event.offline_notice === true) {
        effects.push(
          ...notice(
            'offline-notice',
            event.event_id,
            threadId,
            customer,
            policy.offlineNotices,
            policy,
            language,
          ),
        );
      }
      return effects;
    }
    case 'thread.returned_to_bot':
      if (event.trigger === 'customer_asked') {
        return notice(
          'bot-return',
          event.event_id,
          threadId,
          customer,
          policy.botReturnNotices,
          policy,
          language,
        );
      }
      return event.trigger === 'intervention_closed' || event.trigger === 'waiting_timeout'
        ? [recategorize(event.event_id, threadId, 'BOT', event.category_ids, false)]
        : [];
    case 'handover.queued':
      return notice(
        'waiting-notice',
        event.event_id,
        threadId,
        requestTarget ?? customer,
        policy.waitingNotices,
        policy,
        event.language,
      );
    case 'handover.wait_acknowledged':
      return notice(
        'still-waiting',
        event.event_id,
        threadId,
        customer,
        policy.stillWaitingNotices,
        policy,
        language,
      );
    case 'thread.close_requested':
      return [
        {
          id: `close-thread:${event.event_id}`,
          kind: EFFECT_KINDS.closeThread,
          sequenceKey: threadId,
          payload: { threadId, interventionId: event.intervention_id } satisfies CloseThreadPayload,
        },
      ];
    case 'handover.requested':
    case 'handover.request_declined':
    case 'thread.kept_with_agents':
    case 'thread.closed':
    case 'handover.effect_failed':
      return [];
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function recategorize(
  eventId: string,
  threadId: string,
  target: RecategorizationTarget,
  categoryIds: string[],
  emergency: boolean,
): EffectIntent {
  return {
    id: `update-categories:${eventId}`,
    kind: EFFECT_KINDS.updateCategories,
    sequenceKey: threadId,
    payload: {
      threadId,
      target,
      categoryIds,
      ...(emergency ? { emergency: true } : {}),
    } satisfies UpdateCategoriesPayload,
    // A mass move waits behind replies and normal handovers for the platform quota.
    ...(emergency ? { priority: 'low' as const } : {}),
  };
}

function notice(
  prefix: string,
  eventId: string,
  threadId: string,
  target: ReplyTarget | null,
  texts: LanguageTexts,
  policy: RoutingPolicy,
  language: string,
): EffectIntent[] {
  const body = textFor(texts, policy, language);
  if (target === null || body === '') {
    return [];
  }
  return [
    {
      id: `${prefix}:${eventId}`,
      kind: EFFECT_KINDS.postContent,
      sequenceKey: threadId,
      payload: { threadId, body, target } satisfies PostContentPayload,
    },
  ];
}

export function textFor(texts: LanguageTexts, policy: RoutingPolicy, language: string): string {
  return texts[language] ?? texts[policy.defaultLanguage] ?? Object.values(texts)[0] ?? '';
}

const REASONS: Record<PendingRequest['reason'], string> = {
  explicit: 'the customer asked for a human',
  fallbacks: 'the bot did not understand several times in a row',
  intent: 'the request needs an agent',
  bot_error: 'the bot was unavailable',
};

/** The agent's note: the reason of the handover and the bot's conversation. */
export function agentNote(request: PendingRequest, waitedMs: number | null): string {
  const lines = [`Handover from the bot: ${REASONS[request.reason]}.`];
  if (request.reasonDetail) {
    lines.push(`The bot's reason: ${request.reasonDetail}`);
  }
  if (waitedMs !== null) {
    lines.push(`The customer waited ${Math.round(waitedMs / 1000)} s for an agent.`);
  }
  if (request.transcript.length > 0) {
    lines.push('', 'Conversation with the bot:');
    for (const line of request.transcript) {
      lines.push(`${line.from === 'bot' ? 'Bot' : 'Customer'}: ${line.text}`);
    }
  }
  return lines.join('\n');
}
