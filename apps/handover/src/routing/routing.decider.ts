import {
  type HandoverReason,
  type HandoverTrigger,
  type ThreadHandedOverEvent,
  type ThreadRoutingEvent,
  type TranscriptLine,
} from '@handover/contracts';
import { type RoutingPolicy } from './routing-policy';
import { type PendingRequest, type RoutingState, type ThreadFacts } from './routing-state';

interface CommandBase {
  /** The record (or job run) this decision answers: it makes the event ids deterministic. */
  causationId: string;
  /** Decision time, ISO. */
  at: string;
}

/** What can happen to one thread; handover decides on each (ARCHITECTURE.md Flow 3). */
export type RoutingCommand =
  | (CommandBase & {
      kind: 'request_handover';
      reason: HandoverReason;
      contentId: string;
      language: string;
      transcript: TranscriptLine[];
      /** The bot's view of the categories, used when newer than ours. */
      categoryIds: string[] | null;
      categoriesAt: string | null;
      interventionId: string | null;
    })
  | (CommandBase & { kind: 'customer_wrote' })
  | (CommandBase & { kind: 'agent_free' })
  | (CommandBase & { kind: 'intervention_closed'; interventionId: string })
  | (CommandBase & { kind: 'emergency_move' })
  | (CommandBase & { kind: 'waiting_expired' });

/** What the decision may look at besides the thread's own state. */
export interface RoutingContext {
  policy: RoutingPolicy;
  facts: ThreadFacts;
  /** Realtime sources check availability; asynchronous ones (email, forms) hand over at once. */
  realtime: boolean;
  /** Agents who may take a thread on this source now, minus those we already gave one since. */
  freeAgents: number;
  /** An emergency covers this thread's source. */
  emergency: boolean;
}

/** Pure: the events one command produces for one thread (none when nothing changes). */
export function decide(
  state: RoutingState,
  command: RoutingCommand,
  context: RoutingContext,
): ThreadRoutingEvent[] {
  if (state.closed) {
    return [];
  }
  switch (command.kind) {
    case 'request_handover':
      return decideRequest(state, command, context);
    case 'customer_wrote':
      return context.emergency &&
        state.route === 'BOT' &&
        holdsBot(currentCategories(state, context), context)
        ? [handedOver(state, command, context, 'emergency', 'emergency', null)]
        : [];
    case 'agent_free':
      return state.route === 'WAITING' && state.request
        ? [handedOver(state, command, context, 'availability', state.request.reason, state.request)]
        : [];
    case 'emergency_move':
      return state.route === 'AGENT'
        ? []
        : [handedOver(state, command, context, 'emergency', 'emergency', null)];
    case 'intervention_closed':
      return decideInterventionClosed(state, command, context);
    case 'waiting_expired':
      return decideWaitingExpired(state, command, context);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function decideRequest(
  state: RoutingState,
  command: Extract<RoutingCommand, { kind: 'request_handover' }>,
  context: RoutingContext,
): ThreadRoutingEvent[] {
  if (state.route !== 'BOT') {
    // Already with agents, or already queued: a waiting customer keeps their place.
    return [];
  }
  const requested: ThreadRoutingEvent = {
    ...base(state, command, context, 'handover.requested'),
    type: 'handover.requested',
    reason: command.reason,
    content_id: command.contentId,
    language: command.language,
    intervention_id: command.interventionId ?? context.facts.interventionId,
    transcript: command.transcript,
  };
  const request: PendingRequest = {
    reason: command.reason,
    contentId: command.contentId,
    language: command.language,
    transcript: command.transcript,
    interventionId: requested.intervention_id,
  };
  const withBotView = { ...context, facts: newestFacts(context.facts, command) };
  if (!context.realtime || context.emergency || context.freeAgents > 0) {
    return [requested, handedOver(state, command, withBotView, 'bot_request', command.reason, request)];
  }
  return [
    requested,
    {
      ...base(state, command, context, 'handover.queued'),
      type: 'handover.queued',
      reason: command.reason,
      language: command.language,
    },
  ];
}

function decideInterventionClosed(
  state: RoutingState,
  command: Extract<RoutingCommand, { kind: 'intervention_closed' }>,
  context: RoutingContext,
): ThreadRoutingEvent[] {
  const categories = currentCategories(state, context);
  const withAgents = state.route === 'AGENT' || categories?.includes(context.policy.agentCategoryId) === true;
  if (!withAgents) {
    // The bot closed its own intervention (a resolved conversation): nothing to route.
    return [];
  }
  switch (context.policy.reopenPolicy) {
    case 'agent-first':
      return [];
    case 'close-thread':
      return [
        {
          ...base(state, command, context, 'thread.closed'),
          type: 'thread.closed',
          intervention_id: command.interventionId,
        },
      ];
    case 'bot-first':
      if (context.emergency) {
        return [kept(state, command, context, 'emergency')];
      }
      if (loops(state, command.at, context.policy)) {
        return [kept(state, command, context, 'loop_protection')];
      }
      return [returnedToBot(state, command, context, 'intervention_closed')];
    default: {
      const unknown: never = context.policy.reopenPolicy;
      return unknown;
    }
  }
}

function decideWaitingExpired(
  state: RoutingState,
  command: Extract<RoutingCommand, { kind: 'waiting_expired' }>,
  context: RoutingContext,
): ThreadRoutingEvent[] {
  if (state.route !== 'WAITING' || !state.request || state.waitingSince === null) {
    return [];
  }
  if (Date.parse(command.at) - Date.parse(state.waitingSince) < context.policy.waitingTimeoutMs) {
    return [];
  }
  const request = state.request;
  if (context.policy.waitingFallback === 'agent') {
    return [handedOver(state, command, context, 'waiting_timeout', request.reason, request)];
  }
  // Someone who asked for a human is not sent back to the bot within the same intervention.
  const askedForHuman =
    request.reason === 'explicit' &&
    (request.interventionId === null || request.interventionId === context.facts.interventionId);
  if (askedForHuman) {
    return [
      kept(state, command, context, 'asked_for_human'),
      handedOver(state, command, context, 'waiting_timeout', request.reason, request),
    ];
  }
  return [returnedToBot(state, command, context, 'waiting_timeout')];
}

/** Pure: the state after one of our own events (live after deciding, replay from the topic). */
export function evolve(state: RoutingState, event: ThreadRoutingEvent): RoutingState {
  const sourceId = state.sourceId ?? event.source_id;
  switch (event.type) {
    case 'handover.requested':
      return {
        ...state,
        sourceId,
        request: {
          reason: event.reason,
          contentId: event.content_id,
          language: event.language,
          transcript: event.transcript,
          interventionId: event.intervention_id,
        },
      };
    case 'handover.queued':
      return { ...state, sourceId, route: 'WAITING', waitingSince: event.occurred_at };
    case 'thread.handed_over':
      return {
        ...state,
        sourceId,
        route: 'AGENT',
        sentCategoryIds: event.category_ids,
        sentAt: event.occurred_at,
        waitingSince: null,
        handoverTimes: [...state.handoverTimes, event.occurred_at].slice(-MAX_REMEMBERED_HANDOVERS),
      };
    case 'thread.returned_to_bot':
      return {
        ...state,
        sourceId,
        route: 'BOT',
        sentCategoryIds: event.category_ids,
        sentAt: event.occurred_at,
        waitingSince: null,
        request: null,
      };
    case 'thread.closed':
      return { ...state, sourceId, closed: true };
    case 'thread.kept_with_agents':
    case 'handover.effect_failed':
      return state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/**
 * The categories to send: the current ones without either handover category, plus the target.
 * Exactly "current − BOT + AGENT" of the seed, and safe when RCED's copy and ours disagree on which
 * handover category is there.
 */
export function recategorized(
  current: readonly string[] | null,
  target: string,
  policy: RoutingPolicy,
): string[] {
  const others = (current ?? []).filter((id) => id !== policy.botCategoryId && id !== policy.agentCategoryId);
  return [...new Set([...others, target])];
}

/** The newest of what RCED said (facts) and what we last sent. */
export function currentCategories(
  state: RoutingState,
  context: Pick<RoutingContext, 'facts'>,
): string[] | null {
  const { facts } = context;
  if (state.sentAt !== null && (facts.factsAt === null || state.sentAt > facts.factsAt)) {
    return state.sentCategoryIds;
  }
  return facts.categoryIds ?? state.sentCategoryIds;
}

const MAX_REMEMBERED_HANDOVERS = 20;

function newestFacts(
  facts: ThreadFacts,
  command: Extract<RoutingCommand, { kind: 'request_handover' }>,
): ThreadFacts {
  const botIsNewer =
    command.categoryIds !== null &&
    command.categoriesAt !== null &&
    (facts.factsAt === null || command.categoriesAt > facts.factsAt);
  return botIsNewer ? { ...facts, categoryIds: command.categoryIds, factsAt: command.categoriesAt } : facts;
}

function holdsBot(categories: string[] | null, context: RoutingContext): boolean {
  return categories?.includes(context.policy.botCategoryId) === true;
}

function loops(state: RoutingState, at: string, policy: RoutingPolicy): boolean {
  const since = Date.parse(at) - policy.loopWindowMs;
  return state.handoverTimes.filter((time) => Date.parse(time) >= since).length >= policy.loopMaxHandovers;
}

function base<T extends ThreadRoutingEvent['type']>(
  state: RoutingState,
  command: CommandBase,
  context: RoutingContext,
  type: T,
): {
  event_id: string;
  thread_id: string;
  source_id: string | null;
  occurred_at: string;
  causation_id: string;
} {
  return {
    event_id: `${type}:${state.threadId}:${command.causationId}`,
    thread_id: state.threadId,
    source_id: state.sourceId ?? context.facts.sourceId,
    occurred_at: command.at,
    causation_id: command.causationId,
  };
}

function handedOver(
  state: RoutingState,
  command: CommandBase,
  context: RoutingContext,
  trigger: HandoverTrigger,
  reason: HandoverReason | 'emergency',
  request: PendingRequest | null,
): ThreadHandedOverEvent {
  const { policy } = context;
  return {
    ...base(state, command, context, 'thread.handed_over'),
    type: 'thread.handed_over',
    trigger,
    reason,
    category_ids: recategorized(currentCategories(state, context), policy.agentCategoryId, policy),
    private_note: policy.privateNote && request !== null,
    waited_ms:
      state.route === 'WAITING' && state.waitingSince !== null
        ? Math.max(0, Date.parse(command.at) - Date.parse(state.waitingSince))
        : null,
  };
}

function returnedToBot(
  state: RoutingState,
  command: CommandBase,
  context: RoutingContext,
  trigger: 'intervention_closed' | 'waiting_timeout',
): ThreadRoutingEvent {
  const { policy } = context;
  return {
    ...base(state, command, context, 'thread.returned_to_bot'),
    type: 'thread.returned_to_bot',
    trigger,
    category_ids: recategorized(currentCategories(state, context), policy.botCategoryId, policy),
  };
}

function kept(
  state: RoutingState,
  command: CommandBase,
  context: RoutingContext,
  rule: 'loop_protection' | 'asked_for_human' | 'emergency',
): ThreadRoutingEvent {
  return {
    ...base(state, command, context, 'thread.kept_with_agents'),
    type: 'thread.kept_with_agents',
    rule,
  };
}
