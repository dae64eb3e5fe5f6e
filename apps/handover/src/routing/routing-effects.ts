import { type EffectIntent } from '@handover/kafka';
import { type ThreadRoutingEvent } from '@handover/contracts';
import { type RoutingPolicy } from './routing-policy';
import { type PendingRequest, type RoutingState } from './routing-state';

export const EFFECT_KINDS = {
  updateCategories: 'update_categories',
  postContent: 'post_content',
  closeThread: 'close_thread',
} as const;

export interface UpdateCategoriesPayload {
  threadId: string;
  categoryIds: string[];
}

export interface PostContentPayload {
  threadId: string;
  inReplyToId: string;
  body: string;
  private: boolean;
}

export interface CloseThreadPayload {
  threadId: string;
}

/**
 * Pure: the platform calls one decision needs, with ids derived from the event's, so deciding twice
 * records them once. They run in this order, one thread at a time (sequence key = thread id).
 * `before` is the thread's state when the event was decided (its pending request carries the context).
 */
export function effectsOf(
  event: ThreadRoutingEvent,
  before: RoutingState,
  policy: RoutingPolicy,
): EffectIntent[] {
  const threadId = event.thread_id;
  switch (event.type) {
    case 'thread.handed_over':
    case 'thread.returned_to_bot': {
      const recategorize: EffectIntent = {
        id: `update-categories:${event.event_id}`,
        kind: EFFECT_KINDS.updateCategories,
        sequenceKey: threadId,
        payload: { threadId, categoryIds: event.category_ids } satisfies UpdateCategoriesPayload,
      };
      const request = before.request;
      if (event.type === 'thread.returned_to_bot' || !event.private_note || !request) {
        return [recategorize];
      }
      const note: EffectIntent = {
        id: `private-note:${event.event_id}`,
        kind: EFFECT_KINDS.postContent,
        sequenceKey: threadId,
        payload: {
          threadId,
          inReplyToId: request.contentId,
          body: agentNote(request, event.waited_ms),
          private: true,
        } satisfies PostContentPayload,
      };
      return [recategorize, note];
    }
    case 'handover.queued': {
      const request = before.request;
      const body = waitingNotice(policy, event.language);
      if (!request || body === '') {
        return [];
      }
      return [
        {
          id: `waiting-notice:${event.event_id}`,
          kind: EFFECT_KINDS.postContent,
          sequenceKey: threadId,
          payload: {
            threadId,
            inReplyToId: request.contentId,
            body,
            private: false,
          } satisfies PostContentPayload,
        },
      ];
    }
    case 'thread.closed':
      return [
        {
          id: `close-thread:${event.event_id}`,
          kind: EFFECT_KINDS.closeThread,
          sequenceKey: threadId,
          payload: { threadId } satisfies CloseThreadPayload,
        },
      ];
    case 'handover.requested':
    case 'thread.kept_with_agents':
    case 'handover.effect_failed':
      return [];
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export function waitingNotice(policy: RoutingPolicy, language: string): string {
  return (
    policy.waitingNotices[language] ??
    policy.waitingNotices[policy.defaultLanguage] ??
    Object.values(policy.waitingNotices)[0] ??
    ''
  );
}

const REASONS: Record<PendingRequest['reason'], string> = {
  explicit: 'the customer asked for a human',
  fallbacks: 'the bot did not understand several times in a row',
  intent: 'the request needs an agent',
  bot_error: 'the bot was unavailable',
};

/** The private note that gives the agent the context (reason and the bot's conversation). */
export function agentNote(request: PendingRequest, waitedMs: number | null): string {
  const lines = [`Handover from the bot: ${REASONS[request.reason]}.`];
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
