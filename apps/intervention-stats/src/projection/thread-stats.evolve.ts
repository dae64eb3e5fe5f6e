/**
 * Pure: what one batch of records adds to each thread's statistics, as deltas that merge in any
 * order (earliest, latest, sums). Each table is written from one topic only, and a delta merged
 * twice is prevented by the consumer's event-id dedupe, so live and replay reach the same rows.
 */

/** From engage.events.v1: the customer side and the interventions. */
export interface EngageDelta {
  threadId: string;
  sourceId: string | null;
  language: string | null;
  firstCustomerAt: string | null;
  lastCustomerAt: string | null;
  customerMessages: number;
  interventionsOpened: number;
  interventionsClosed: number;
  interventionsReopened: number;
}

/** From bot.events.v1: what the bot did. */
export interface BotDelta {
  threadId: string;
  language: string | null;
  firstBotAt: string | null;
  botTurns: number;
  fallbacks: number;
  firstResolvedAt: string | null;
  firstHandoverRequestAt: string | null;
  /** The reason of the earliest request in this delta. */
  handoverReason: string | null;
}

/** From handover.events.v1: where handover routed the thread. */
export interface HandoverDelta {
  threadId: string;
  firstQueuedAt: string | null;
  firstHandedOverAt: string | null;
  /** Of the earliest handover in this delta. */
  handoverTrigger: string | null;
  waitedMs: number | null;
  handovers: number;
  returnsToBot: number;
  /** The route after the latest event, and its time: who holds the thread now. */
  route: string | null;
  routeAt: string | null;
}

export interface EngageInput {
  type: string;
  threadId: string;
  issuedAt: string;
  sourceId: string | null;
  language: string | null;
  /** content.imported written by a customer (not a brand post, a welcome message, an agent's: notCustomerReason). */
  fromCustomer: boolean;
}

export interface BotInput {
  type: string;
  threadId: string;
  occurredAt: string;
  language: string | null;
  reason: string | null;
  fallback: boolean;
}

export interface HandoverInput {
  type: string;
  threadId: string;
  occurredAt: string;
  trigger: string | null;
  waitedMs: number | null;
}

/**
 * Returns that count as the bot taking a thread back from agents: not a handover that failed or an
 * emergency move cancelled before it was made (the thread never left the bot).
 */
const NOT_A_RETURN: ReadonlySet<string> = new Set(['handover_failed', 'emergency_ended']);

export function foldEngage(deltas: Map<string, EngageDelta>, input: EngageInput): void {
  const delta = deltas.get(input.threadId) ?? {
    threadId: input.threadId,
    sourceId: null,
    language: null,
    firstCustomerAt: null,
    lastCustomerAt: null,
    customerMessages: 0,
    interventionsOpened: 0,
    interventionsClosed: 0,
    interventionsReopened: 0,
  };
  delta.sourceId ??= input.sourceId;
  const customer = input.type === 'content.imported' && input.fromCustomer;
  if (customer) {
    delta.language ??= input.language;
    delta.firstCustomerAt = earliest(delta.firstCustomerAt, input.issuedAt);
    delta.lastCustomerAt = latest(delta.lastCustomerAt, input.issuedAt);
    delta.customerMessages += 1;
  }
  delta.interventionsOpened += input.type === 'intervention.opened' ? 1 : 0;
  delta.interventionsClosed += input.type === 'intervention.closed' ? 1 : 0;
  delta.interventionsReopened += input.type === 'intervention.reopened' ? 1 : 0;
  deltas.set(input.threadId, delta);
}

export function foldBot(deltas: Map<string, BotDelta>, input: BotInput): void {
  const delta = deltas.get(input.threadId) ?? {
    threadId: input.threadId,
    language: null,
    firstBotAt: null,
    botTurns: 0,
    fallbacks: 0,
    firstResolvedAt: null,
    firstHandoverRequestAt: null,
    handoverReason: null,
  };
  delta.language ??= input.language;
  delta.firstBotAt = earliest(delta.firstBotAt, input.occurredAt);
  if (input.type === 'bot.replied' || input.type === 'bot.resolved') {
    delta.botTurns += 1;
    delta.fallbacks += input.fallback ? 1 : 0;
  }
  if (input.type === 'bot.resolved') {
    delta.firstResolvedAt = earliest(delta.firstResolvedAt, input.occurredAt);
  }
  if (input.type === 'bot.handover_requested') {
    if (delta.firstHandoverRequestAt === null || input.occurredAt < delta.firstHandoverRequestAt) {
      delta.handoverReason = input.reason;
    }
    delta.firstHandoverRequestAt = earliest(delta.firstHandoverRequestAt, input.occurredAt);
  }
  deltas.set(input.threadId, delta);
}

/** The route a routing event leaves its thread on. */
export const ROUTE_AFTER: Readonly<Record<string, string>> = {
  'handover.queued': 'WAITING',
  'thread.handed_over': 'AGENT',
  'thread.returned_to_bot': 'BOT',
  'thread.closed': 'CLOSED',
};

export function foldHandover(deltas: Map<string, HandoverDelta>, input: HandoverInput): void {
  const delta = deltas.get(input.threadId) ?? {
    threadId: input.threadId,
    firstQueuedAt: null,
    firstHandedOverAt: null,
    handoverTrigger: null,
    waitedMs: null,
    handovers: 0,
    returnsToBot: 0,
    route: null,
    routeAt: null,
  };
  if (input.type === 'handover.queued') {
    delta.firstQueuedAt = earliest(delta.firstQueuedAt, input.occurredAt);
  }
  if (input.type === 'thread.handed_over') {
    if (delta.firstHandedOverAt === null || input.occurredAt < delta.firstHandedOverAt) {
      delta.handoverTrigger = input.trigger;
      delta.waitedMs = input.waitedMs;
    }
    delta.firstHandedOverAt = earliest(delta.firstHandedOverAt, input.occurredAt);
    delta.handovers += 1;
  }
  delta.returnsToBot +=
    input.type === 'thread.returned_to_bot' && !NOT_A_RETURN.has(input.trigger ?? '') ? 1 : 0;
  const route = ROUTE_AFTER[input.type];
  if (route !== undefined && (delta.routeAt === null || input.occurredAt >= delta.routeAt)) {
    delta.route = route;
    delta.routeAt = input.occurredAt;
  }
  deltas.set(input.threadId, delta);
}

function earliest(a: string | null, b: string): string {
  return a === null || b < a ? b : a;
}

function latest(a: string | null, b: string): string {
  return a === null || b > a ? b : a;
}
