import { type HandoverReason, type TranscriptLine } from '../bot-events-v1';

/** Who holds a thread: the bot, nobody yet (queued for a free agent), or human agents. */
export type Route = 'BOT' | 'WAITING' | 'AGENT';

/** What made handover move a thread to agents. */
export type HandoverTrigger = 'bot_request' | 'availability' | 'emergency' | 'waiting_timeout';

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
  content_id: string;
  language: string;
  /** The intervention the customer was in: one who asked for a human is not sent back to the bot in it. */
  intervention_id: string | null;
  /** The conversation as the bot saw it, handed to the agent (private note) whenever the thread is handed over. */
  transcript: TranscriptLine[];
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
  reason: HandoverReason | 'emergency';
  category_ids: string[];
  /** A private note with the reason and the bot transcript was posted for the agent. */
  private_note: boolean;
  /** Time spent WAITING before this handover, null when it never waited. */
  waited_ms: number | null;
}

/** The thread was recategorized back to BOT (`category_ids` is exactly what was sent). */
export interface ThreadReturnedToBotEvent extends ThreadEventBase {
  type: 'thread.returned_to_bot';
  trigger: 'intervention_closed' | 'waiting_timeout';
  category_ids: string[];
}

/** A rule kept the thread with agents where it would otherwise have gone back to the bot. */
export interface ThreadKeptWithAgentsEvent extends ThreadEventBase {
  type: 'thread.kept_with_agents';
  rule: 'loop_protection' | 'asked_for_human' | 'emergency';
}

/** The thread was closed on RCED (`close-thread` policy), so the customer cannot reopen it. */
export interface ThreadClosedEvent extends ThreadEventBase {
  type: 'thread.closed';
  intervention_id: string;
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
  | ThreadClosedEvent
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

/** Decisions of handover on `handover.events.v1`, keyed by thread id (emergency events by EMERGENCY_EVENTS_KEY). */
export type HandoverEvent = ThreadRoutingEvent | EmergencyEvent;

export const THREAD_ROUTING_EVENT_TYPES: ReadonlyArray<ThreadRoutingEvent['type']> = [
  'handover.requested',
  'handover.queued',
  'thread.handed_over',
  'thread.returned_to_bot',
  'thread.kept_with_agents',
  'thread.closed',
  'handover.effect_failed',
];

export const EMERGENCY_EVENT_TYPES: ReadonlyArray<EmergencyEvent['type']> = [
  'emergency.activated',
  'emergency.deactivated',
];

export const EMERGENCY_EVENTS_KEY = 'emergency';
export const HANDOVER_EVENTS_SCHEMA_VERSION = '1';
