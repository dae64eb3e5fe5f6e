import { type HandoverReason, type Route, type TranscriptLine } from '@handover/contracts';

/** The bot's request a WAITING thread still carries, so the agent who takes it gets the context. */
export interface PendingRequest {
  reason: HandoverReason;
  contentId: string;
  language: string;
  transcript: TranscriptLine[];
  interventionId: string | null;
}

/** Who holds one thread, as handover's own decisions left it (evolved from handover.events.v1 only). */
export interface RoutingState {
  threadId: string;
  sourceId: string | null;
  route: Route;
  /** The categories we last sent to RCED, and when: newer than RCED's facts until a content says otherwise. */
  sentCategoryIds: string[] | null;
  sentAt: string | null;
  waitingSince: string | null;
  request: PendingRequest | null;
  /** When it was handed over, newest last (loop protection looks at a window of them). */
  handoverTimes: string[];
  closed: boolean;
}

/** What RCED last told us about the thread (evolved from engage.events.v1 only). */
export interface ThreadFacts {
  threadId: string;
  sourceId: string | null;
  categoryIds: string[] | null;
  /** `issued_at` of the newest fact, normalized ISO. */
  factsAt: string | null;
  interventionId: string | null;
  language: string | null;
  lastCustomerContentId: string | null;
}

export function initialRoutingState(threadId: string, sourceId: string | null = null): RoutingState {
  return {
    threadId,
    sourceId,
    route: 'BOT',
    sentCategoryIds: null,
    sentAt: null,
    waitingSince: null,
    request: null,
    handoverTimes: [],
    closed: false,
  };
}

export function emptyFacts(threadId: string): ThreadFacts {
  return {
    threadId,
    sourceId: null,
    categoryIds: null,
    factsAt: null,
    interventionId: null,
    language: null,
    lastCustomerContentId: null,
  };
}
