import { type HandoverReason, type TranscriptLine } from '../bot-events-v1';
import { type ReplyTarget } from '../engage-events-v1/reply-target';

/** Who holds a thread: the bot, nobody yet (queued for a free agent), or human agents. */
export type Route = 'BOT' | 'WAITING' | 'AGENT';

/**
 * What made handover move a thread to agents. `console`: an agent moved it in RCED's console
 * (categories seen on an event); handover followed, the platform already said so.
 */
export type HandoverTrigger = 'bot_request' | 'availability' | 'emergency' | 'waiting_timeout' | 'console';

interface ThreadEventBase {
  /** Deterministic (`<type>:<thread id>:<causation id>`): one decision, one id, whatever the retries. */
  event_id: string;
  thread_id: string;
  source_id: string | null;
  occurred_at: string;
  /** The record this decision answers: a bot event, an engage event, an availability event, a command. */
  causation_id: string;
}

/** The bot asked for a human and handover accepted the request for routing. */
export interface HandoverRequestedEvent extends ThreadEventBase {
  type: 'handover.requested';
  reason: HandoverReason;
  /** The bot's own words for why, for the agent (from bot.handover_requested, v1.7). */
  reason_detail?: string | null;
  content_id: string;
  language: string;
  /** The intervention the customer was in: one who asked for a human is not sent back to the bot in it. */
  intervention_id: string | null;
  /** The conversation as the bot saw it, handed to the agent (an agent note) whenever the thread is handed over. */
  transcript: TranscriptLine[];
  /** How to answer the customer's message (from the bot's request, v1.2): notices fit the source. */
  reply_target?: ReplyTarget;
}

/** Realtime source, nobody free: the customer was told and the thread waits, first come first served. */
export interface HandoverQueuedEvent extends ThreadEventBase {
  type: 'handover.queued';
  reason: HandoverReason;
  language: string;
}

/** The thread was recategorized to AGENT (`category_ids` is exactly what was sent). */
export interface ThreadHandedOverEvent extends ThreadEventBase {
  type: 'thread.handed_over';
  trigger: HandoverTrigger;
  reason: HandoverReason | 'emergency' | 'console';
  /**
   * The categories computed from what handover knew when it decided. The call itself reads the
   * thread's categories on RCED first and sends those minus BOT plus AGENT (its effect's result).
   */
  category_ids: string[];
  /**
   * A note with the reason and the bot transcript is left for the agent. Despite its name (kept:
   * other teams read this field) it is an intervention comment, agent-only, never a content.
   */
  private_note: boolean;
  /** Time spent WAITING before this handover, null when it never waited. */
  waited_ms: number | null;
  /** The customer was told no agent is available right now (a waiting fallback with nobody online). */
  offline_notice?: boolean;
}

/** The thread was recategorized back to BOT (`category_ids` is exactly what was sent). */
export interface ThreadReturnedToBotEvent extends ThreadEventBase {
  type: 'thread.returned_to_bot';
  /**
   * `console`: an agent moved it back in RCED's console; `handover_failed`: the recategorization to
   * AGENT failed for good (the thread is still the bot's on RCED); `emergency_ended`: an emergency
   * move not yet made was cancelled. None of these three calls RCED. `customer_asked`: the waiting
   * customer asked for the bot back (HANDOVER_BOT_KEYWORDS); the thread kept BOT all along.
   */
  trigger:
    | 'intervention_closed'
    | 'waiting_timeout'
    | 'console'
    | 'handover_failed'
    | 'emergency_ended'
    | 'customer_asked';
  category_ids: string[];
}

/** A rule kept the thread with agents where it would otherwise have gone back to the bot. */
/**
 * A rule kept the thread with agents where it would otherwise have gone back to the bot.
 * `close_refused`: the close-thread policy's close was refused by RCED (the source does not support
 * it): the agents keep the thread, as agent-first. `recategorization_failed`: the return to BOT failed.
 */
export interface ThreadKeptWithAgentsEvent extends ThreadEventBase {
  type: 'thread.kept_with_agents';
  rule: 'loop_protection' | 'asked_for_human' | 'emergency' | 'close_refused' | 'recategorization_failed';
}

/** The close-thread policy asked RCED to close the thread; `thread.closed` follows once it accepted. */
export interface ThreadCloseRequestedEvent extends ThreadEventBase {
  type: 'thread.close_requested';
  intervention_id: string;
}

/** The thread was closed on RCED (`close-thread` policy), so the customer cannot reopen it. */
export interface ThreadClosedEvent extends ThreadEventBase {
  type: 'thread.closed';
  intervention_id: string;
}

/** A handover request handover did not act on, and why: a request is never dropped silently. */
export interface HandoverRequestDeclinedEvent extends ThreadEventBase {
  type: 'handover.request_declined';
  reason: 'already_waiting' | 'thread_closed';
  content_id: string;
}

/** A waiting customer wrote again and was told, at most once per HANDOVER_WAITING_REMINDER_MS, they still wait. */
export interface HandoverWaitAcknowledgedEvent extends ThreadEventBase {
  type: 'handover.wait_acknowledged';
  content_id: string;
}

/** A platform call behind a decision failed for good (a 4xx, or retries exhausted). */
export interface HandoverEffectFailedEvent extends ThreadEventBase {
  type: 'handover.effect_failed';
  effect_id: string;
  effect_kind: string;
  error: string;
}

export type ThreadRoutingEvent =
  | HandoverRequestedEvent
  | HandoverQueuedEvent
  | ThreadHandedOverEvent
  | ThreadReturnedToBotEvent
  | ThreadKeptWithAgentsEvent
  | ThreadCloseRequestedEvent
  | ThreadClosedEvent
  | HandoverRequestDeclinedEvent
  | HandoverWaitAcknowledgedEvent
  | HandoverEffectFailedEvent;

/** The emergency switch as handover applied it; keyed by EMERGENCY_EVENTS_KEY, not by a thread. */
export interface EmergencyEvent {
  type: 'emergency.activated' | 'emergency.deactivated';
  /** `<type>:<command id>`. */
  event_id: string;
  command_id: string;
  /** Sources in scope; null means every source. */
  source_ids: string[] | null;
  reason: string;
  actor: string;
  occurred_at: string;
  /** Threads found BOT or WAITING in scope and scheduled to move to AGENT (activation only). */
  threads_in_scope: number;
}

/**
 * A source's default categories set on RCED for an emergency (AGENT instead of BOT, the seed's
 * "Deactivate Bot connected sources default categorization"), or restored when it ended, so new
 * threads reach agents even while our own pipeline is down. Keyed by EMERGENCY_EVENTS_KEY.
 */
export interface EmergencySourceDefaultsEvent {
  type: 'emergency.source_defaults_changed';
  /** `emergency.source_defaults_changed:<effect id>:<source id>`. */
  event_id: string;
  command_id: string;
  source_id: string;
  category_ids_before: string[];
  category_ids_after: string[];
  /** `set` at the start of the source's emergency, `restored` at its end. */
  change: 'set' | 'restored';
  occurred_at: string;
}

/** Decisions of handover on `handover.events.v1`, keyed by thread id (emergency events by EMERGENCY_EVENTS_KEY). */
export type HandoverEvent = ThreadRoutingEvent | EmergencyEvent | EmergencySourceDefaultsEvent;

export const THREAD_ROUTING_EVENT_TYPES: ReadonlyArray<ThreadRoutingEvent['type']> = [
  'handover.requested',
  'handover.queued',
  'thread.handed_over',
  'thread.returned_to_bot',
  'thread.kept_with_agents',
  'thread.close_requested',
  'thread.closed',
  'handover.request_declined',
  'handover.wait_acknowledged',
  'handover.effect_failed',
];

export const EMERGENCY_EVENT_TYPES: ReadonlyArray<EmergencyEvent['type']> = [
  'emergency.activated',
  'emergency.deactivated',
];

export const EMERGENCY_SOURCE_DEFAULTS_CHANGED: EmergencySourceDefaultsEvent['type'] =
  'emergency.source_defaults_changed';

export const EMERGENCY_EVENTS_KEY = 'emergency';
export const HANDOVER_EVENTS_SCHEMA_VERSION = '1';
