import {
  type HandoverReason,
  type ReplyTarget,
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
      /** The bot's own words for why, when it gave some. */
      reasonDetail: string | null;
      contentId: string;
      language: string;
      transcript: TranscriptLine[];
      /** The bot's view of the categories, used when newer than ours. */
      categoryIds: string[] | null;
      categoriesAt: string | null;
      interventionId: string | null;
      replyTarget: ReplyTarget | null;
    })
  | (CommandBase & { kind: 'customer_wrote'; contentId: string; text: string })
  | (CommandBase & { kind: 'agent_free' })
  | (CommandBase & {
      kind: 'intervention_closed';
      interventionId: string;
      /** Who closed it (the event's `user_id`) and who held it (metadata `user_id`). */
      closedBy: string | null;
      heldBy: string | null;
      /** RCED's time of the close, not ours: a close older than the current handover is stale. */
      issuedAt: string;
    })
  | (CommandBase & { kind: 'emergency_move' })
  | (CommandBase & { kind: 'emergency_canceled' })
  | (CommandBase & { kind: 'waiting_expired' })
  | (CommandBase & {
      kind: 'categories_seen';
      categoryIds: string[];
      seenAt: string;
      /** A recategorization of ours is still being made: our view wins until it is settled. */
      recategorizing: boolean;
      /** When our latest recategorization was applied on RCED: what was seen before is older news. */
      recategorizedAt: string | null;
    })
  | (CommandBase & { kind: 'recategorization_failed'; target: 'AGENT' | 'BOT' })
  | (CommandBase & { kind: 'close_done'; interventionId: string })
  | (CommandBase & { kind: 'close_refused'; interventionId: string });

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
    return command.kind === 'request_handover' ? [declined(state, command, context, 'thread_closed')] : [];
  }
  switch (command.kind) {
    case 'request_handover':
      return decideRequest(state, command, context);
    case 'customer_wrote':
      return decideCustomerWrote(state, command, context);
    case 'agent_free':
      // One agent per thread: the count is read under the pool's lock, the next thread sees this one.
      return state.route === 'WAITING' && state.request && (!context.realtime || context.freeAgents > 0)
        ? [handedOver(state, command, context, 'availability', state.request.reason, state.request)]
        : [];
    case 'emergency_move':
      return state.route === 'AGENT'
        ? []
        : [handedOver(state, command, context, 'emergency', 'emergency', null)];
    case 'emergency_canceled':
      return state.route === 'AGENT' ? [returnedToBot(state, command, context, 'emergency_ended')] : [];
    case 'intervention_closed':
      return decideInterventionClosed(state, command, context);
    case 'waiting_expired':
      return decideWaitingExpired(state, command, context);
    case 'categories_seen':
      return decideCategoriesSeen(state, command, context);
    case 'recategorization_failed':
      return decideRecategorizationFailed(state, command, context);
    case 'close_done':
      return [
        {
          ...base(state, command, context, 'thread.closed'),
          type: 'thread.closed',
          intervention_id: command.interventionId,
        },
      ];
    case 'close_refused':
      return [kept(state, command, context, 'close_refused')];
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
  if (state.route === 'WAITING') {
    // Already queued: a waiting customer keeps their place.
    return [declined(state, command, context, 'already_waiting')];
  }
  // On AGENT too: the bot only asks on a thread RCED shows as BOT, so our route is stale (an agent
  // moved it back without our seeing it); the recategorization reads RCED first and sends what is needed.
  const requested: ThreadRoutingEvent = {
    ...base(state, command, context, 'handover.requested'),
    type: 'handover.requested',
    reason: command.reason,
    ...(command.reasonDetail ? { reason_detail: command.reasonDetail } : {}),
    content_id: command.contentId,
    language: command.language,
    intervention_id: command.interventionId ?? context.facts.interventionId,
    transcript: command.transcript,
    ...(command.replyTarget === null ? {} : { reply_target: command.replyTarget }),
  };
  const request: PendingRequest = {
    reason: command.reason,
    reasonDetail: command.reasonDetail,
    contentId: command.contentId,
    language: command.language,
    transcript: command.transcript,
    interventionId: requested.intervention_id,
    replyTarget: command.replyTarget,
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

function decideCustomerWrote(
  state: RoutingState,
  command: Extract<RoutingCommand, { kind: 'customer_wrote' }>,
  context: RoutingContext,
): ThreadRoutingEvent[] {
  if (context.emergency && state.route === 'BOT' && heldByBot(currentCategories(state, context), context)) {
    return [handedOver(state, command, context, 'emergency', 'emergency', null)];
  }
  // Only while waiting: an agent who holds the conversation is never taken off it by a keyword.
  if (state.route === 'WAITING' && !context.emergency && isBotKeyword(command.text, context.policy)) {
    return [returnedToBot(state, command, context, 'customer_asked')];
  }
  const { waitingReminderMs } = context.policy;
  const remind =
    state.route === 'WAITING' &&
    waitingReminderMs > 0 &&
    (state.noticedAt === null || Date.parse(command.at) - Date.parse(state.noticedAt) >= waitingReminderMs);
  return remind
    ? [
        {
          ...base(state, command, context, 'handover.wait_acknowledged'),
          type: 'handover.wait_acknowledged',
          content_id: command.contentId,
        },
      ]
    : [];
}

function isBotKeyword(text: string, policy: RoutingPolicy): boolean {
  const word = keyword(text);
  return word !== '' && policy.botKeywords.some((candidate) => keyword(candidate) === word);
}

/** "  Robot ! " → "robot", "Bôt" → "bot". */
function keyword(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();
}

function decideInterventionClosed(
  state: RoutingState,
  command: Extract<RoutingCommand, { kind: 'intervention_closed' }>,
  context: RoutingContext,
): ThreadRoutingEvent[] {
  const { botUserId } = context.policy;
  if (command.closedBy === botUserId || command.heldBy === botUserId) {
    // The bot's own intervention (a resolved conversation): nothing to route.
    return [];
  }
  const handedOverAt = state.handoverTimes.at(-1);
  if (state.route === 'AGENT' && handedOverAt !== undefined && command.issuedAt < handedOverAt) {
    // Closed before the thread was handed over this time: an old close delivered late.
    return [];
  }
  const categories = currentCategories(state, context);
  const withAgents = state.route === 'AGENT' || categories?.includes(context.policy.agentCategoryId) === true;
  if (!withAgents) {
    return [];
  }
  switch (context.policy.reopenPolicy) {
    case 'agent-first':
      return [];
    case 'close-thread':
      return [
        {
          ...base(state, command, context, 'thread.close_requested'),
          type: 'thread.close_requested',
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
  // Nobody online (outside the source's hours, say): handed over all the same, and told so.
  const handOver = (): ThreadHandedOverEvent => ({
    ...handedOver(state, command, context, 'waiting_timeout', request.reason, request),
    offline_notice: context.freeAgents === 0,
  });
  if (context.policy.waitingFallback === 'agent') {
    return [handOver()];
  }
  // Someone who asked for a human is not sent back to the bot within the same intervention.
  const askedForHuman =
    request.reason === 'explicit' &&
    (request.interventionId === null || request.interventionId === context.facts.interventionId);
  if (askedForHuman) {
    return [kept(state, command, context, 'asked_for_human'), handOver()];
  }
  return [returnedToBot(state, command, context, 'waiting_timeout')];
}

/**
 * RCED's categories are the truth: an agent who moves a thread by hand in the console (BOT → AGENT
 * or back) is followed. What we see while our own recategorization is being made, or what was
 * issued before it was applied, is older than our view and changes nothing. AGENT wins over BOT.
 */
function decideCategoriesSeen(
  state: RoutingState,
  command: Extract<RoutingCommand, { kind: 'categories_seen' }>,
  context: RoutingContext,
): ThreadRoutingEvent[] {
  if (
    command.recategorizing ||
    (command.recategorizedAt !== null && command.seenAt <= command.recategorizedAt)
  ) {
    return [];
  }
  const seen = {
    ...context,
    facts: { ...context.facts, categoryIds: command.categoryIds, factsAt: command.seenAt },
  };
  if (command.categoryIds.includes(context.policy.agentCategoryId)) {
    return state.route === 'AGENT' ? [] : [handedOver(state, command, seen, 'console', 'console', null)];
  }
  if (command.categoryIds.includes(context.policy.botCategoryId) && state.route === 'AGENT') {
    return [returnedToBot(state, command, seen, 'console')];
  }
  return [];
}

/**
 * A recategorization failed for good (a 4xx, or RCED unreachable for all the retries): the thread
 * is still where it was on RCED, and our route says so, so that a later message gets out of it
 * (the bot answers again and may ask again) rather than a handover that never happened.
 */
function decideRecategorizationFailed(
  state: RoutingState,
  command: Extract<RoutingCommand, { kind: 'recategorization_failed' }>,
  context: RoutingContext,
): ThreadRoutingEvent[] {
  if (command.target === 'AGENT' && state.route === 'AGENT') {
    return [returnedToBot(state, command, context, 'handover_failed')];
  }
  if (command.target === 'BOT' && state.route === 'BOT') {
    return [kept(state, command, context, 'recategorization_failed')];
  }
  return [];
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
          reasonDetail: event.reason_detail ?? null,
          contentId: event.content_id,
          language: event.language,
          transcript: event.transcript,
          interventionId: event.intervention_id,
          replyTarget: event.reply_target ?? null,
        },
      };
    case 'handover.queued':
      return {
        ...state,
        sourceId,
        route: 'WAITING',
        waitingSince: event.occurred_at,
        noticedAt: event.occurred_at,
      };
    case 'handover.wait_acknowledged':
      return { ...state, sourceId, noticedAt: event.occurred_at };
    case 'thread.handed_over':
      return {
        ...state,
        sourceId,
        route: 'AGENT',
        sentCategoryIds: event.category_ids,
        sentAt: event.occurred_at,
        waitingSince: null,
        noticedAt: null,
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
        noticedAt: null,
        request: null,
      };
    case 'thread.kept_with_agents':
      return { ...state, sourceId, route: 'AGENT', waitingSince: null, noticedAt: null };
    case 'thread.closed':
      return { ...state, sourceId, closed: true };
    case 'thread.close_requested':
    case 'handover.request_declined':
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
  policy: Pick<RoutingPolicy, 'botCategoryId' | 'agentCategoryId'>,
): string[] {
  const others = (current ?? []).filter((id) => id !== policy.botCategoryId && id !== policy.agentCategoryId);
  return [...new Set([...others, target])];
}

/** The same categories, whatever their order. */
export function sameCategories(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
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

/** BOT and not AGENT: a thread holding both is the agents' (AGENT wins). */
function heldByBot(categories: string[] | null, context: RoutingContext): boolean {
  const { botCategoryId, agentCategoryId } = context.policy;
  return categories?.includes(botCategoryId) === true && !categories.includes(agentCategoryId);
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
  reason: HandoverReason | 'emergency' | 'console',
  request: PendingRequest | null,
): ThreadHandedOverEvent {
  const { policy } = context;
  return {
    ...base(state, command, context, 'thread.handed_over'),
    type: 'thread.handed_over',
    trigger,
    reason,
    category_ids: recategorized(currentCategories(state, context), policy.agentCategoryId, policy),
    private_note: policy.agentNote && request !== null,
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
  trigger: Extract<ThreadRoutingEvent, { type: 'thread.returned_to_bot' }>['trigger'],
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
  rule: Extract<ThreadRoutingEvent, { type: 'thread.kept_with_agents' }>['rule'],
): ThreadRoutingEvent {
  return {
    ...base(state, command, context, 'thread.kept_with_agents'),
    type: 'thread.kept_with_agents',
    rule,
  };
}

function declined(
  state: RoutingState,
  command: Extract<RoutingCommand, { kind: 'request_handover' }>,
  context: RoutingContext,
  reason: 'already_waiting' | 'thread_closed',
): ThreadRoutingEvent {
  return {
    ...base(state, command, context, 'handover.request_declined'),
    type: 'handover.request_declined',
    reason,
    content_id: command.contentId,
  };
}
