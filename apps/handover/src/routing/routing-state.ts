import { type HandoverReason, type ReplyTarget, type Route, type TranscriptLine } from '@handover/contracts';

/** The bot's request a WAITING thread still carries, so the agent who takes it gets the context. */
export interface PendingRequest {
  reason: HandoverReason;
  /** The bot's own words for why (absent from requests recorded before v1.7). */
  reasonDetail?: string | null;
  contentId: string;
  language: string;
  transcript: TranscriptLine[];
  interventionId: string | null;
  /** How to answer the message the request is about (the bot's view, v1.2): the waiting notice fits it. */
  replyTarget: ReplyTarget | null;
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
  /** When the waiting customer was last told they wait (queued, or reminded when they wrote again). */
  noticedAt: string | null;
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
  /** How to answer the customer's last message (private, email recipients…): notices reply to it. */
  lastCustomerReply: ReplyTarget | null;
}

export function initialRoutingState(threadId: string, sourceId: string | null = null): RoutingState {
  return {
    threadId,
    sourceId,
    route: 'BOT',
    sentCategoryIds: null,
    sentAt: null,
    waitingSince: null,
    noticedAt: null,
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
    lastCustomerReply: null,
  };
}
