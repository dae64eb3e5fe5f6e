import { type AvailabilityDelta, isNewer } from './live-state.evolve';
import { ROUTE_AFTER } from './thread-stats.evolve';

/**
 * Pure: what one batch adds to the time series (docs/metrics.md, "Time series"), per UTC minute
 * and per UTC day. Counts and waiting-queue changes are summed per bucket, source and language;
 * availability keeps the newest poll per bucket and source (as live-state.evolve.ts). Every bucket
 * a record contributes to gets its row, even when its net change is 0, so any batching of the log
 * writes the same rows.
 */

export type Resolution = 'minute' | 'day';
export const RESOLUTIONS: readonly Resolution[] = ['minute', 'day'];

/** Types of bot.events.v1 that are an answer the bot wrote to the customer (its turns). */
const BOT_REPLIES: ReadonlySet<string> = new Set(['bot.replied', 'bot.resolved']);

/** What one record adds to its buckets. */
export interface SeriesInput {
  at: string;
  sourceId: string | null;
  language: string | null;
  handoverRequests: number;
  botReplies: number;
  /** +1: a thread joined the waiting queue; −1: it left. */
  waitingChange: number;
}

/** One bucket × source × language; '' for a source or language the event did not name. */
export interface SeriesRow {
  /** The minute's start (ISO) or the day (YYYY-MM-DD). */
  bucket: string;
  sourceId: string;
  language: string;
  handoverRequests: number;
  botReplies: number;
  waitingChange: number;
}

export interface AvailabilitySample {
  bucket: string;
  sourceId: string;
  availableAgents: number;
  observedAt: string;
  eventId: string;
}

export type PerResolution<T> = Record<Resolution, Map<string, T>>;

/** A thread's route as stats_thread_handover holds it, and what its latest wait counts under. */
export interface RouteState {
  route: string | null;
  routeAt: string | null;
  waitingSourceId: string | null;
  waitingLanguage: string | null;
}

/** A bot decision or a routing event: its type, time, and the source and language it names. */
export interface SeriesEvent {
  type: string;
  occurredAt: string;
  sourceId: string | null;
  language: string | null;
}

export const NO_ROUTE: RouteState = {
  route: null,
  routeAt: null,
  waitingSourceId: null,
  waitingLanguage: null,
};

/** The bucket of an instant as toISOString writes it: its UTC minute, or its UTC day. */
export function bucketOf(at: string, resolution: Resolution): string {
  return resolution === 'minute' ? `${at.slice(0, 16)}:00.000Z` : at.slice(0, 10);
}

export function perResolution<T>(): PerResolution<T> {
  return { minute: new Map(), day: new Map() };
}

/** A bot decision: a handover request, or a reply (bot.replied, bot.resolved), or nothing to count. */
export function botContribution(input: SeriesEvent): SeriesInput | null {
  const handoverRequests = input.type === 'bot.handover_requested' ? 1 : 0;
  const botReplies = BOT_REPLIES.has(input.type) ? 1 : 0;
  if (handoverRequests + botReplies === 0) {
    return null;
  }
  return {
    at: input.occurredAt,
    sourceId: input.sourceId,
    language: input.language,
    handoverRequests,
    botReplies,
    waitingChange: 0,
  };
}

export function foldSeries(deltas: PerResolution<SeriesRow>, input: SeriesInput): void {
  for (const resolution of RESOLUTIONS) {
    const bucket = bucketOf(input.at, resolution);
    const sourceId = input.sourceId ?? '';
    const language = input.language ?? '';
    const key = JSON.stringify([bucket, sourceId, language]);
    const row = deltas[resolution].get(key) ?? {
      bucket,
      sourceId,
      language,
      handoverRequests: 0,
      botReplies: 0,
      waitingChange: 0,
    };
    row.handoverRequests += input.handoverRequests;
    row.botReplies += input.botReplies;
    row.waitingChange += input.waitingChange;
    deltas[resolution].set(key, row);
  }
}

/** Keeps the newest poll per bucket and source; ties on time go to the greater event id. */
export function foldAvailabilitySample(
  samples: PerResolution<AvailabilitySample>,
  input: AvailabilityDelta,
): void {
  for (const resolution of RESOLUTIONS) {
    const bucket = bucketOf(input.observedAt, resolution);
    const key = JSON.stringify([bucket, input.sourceId]);
    const current = samples[resolution].get(key);
    if (current === undefined || isNewer(input, current)) {
      samples[resolution].set(key, {
        bucket,
        sourceId: input.sourceId,
        availableAgents: input.availableAgents,
        observedAt: input.observedAt,
        eventId: input.eventId,
      });
    }
  }
}

/**
 * A thread's routing events, in the order they were recorded, from the route it had before them:
 * +1 when it becomes WAITING (under the source and language of that handover.queued), −1 when it
 * leaves (under the same ones). The route follows the rule of foldHandover (an event older than the
 * current route is ignored), so the changes of every thread sum to the threads WAITING now.
 */
export function waitingChanges(
  prior: RouteState,
  events: readonly SeriesEvent[],
): { state: RouteState; changes: SeriesInput[] } {
  let state = prior;
  const changes: SeriesInput[] = [];
  for (const event of events) {
    const route = ROUTE_AFTER[event.type];
    if (route === undefined || (state.routeAt !== null && event.occurredAt < state.routeAt)) {
      continue;
    }
    const wasWaiting = state.route === 'WAITING';
    const waiting = route === 'WAITING';
    if (!wasWaiting && waiting) {
      state = { ...state, waitingSourceId: event.sourceId, waitingLanguage: event.language };
    }
    if (wasWaiting !== waiting) {
      changes.push({
        at: event.occurredAt,
        sourceId: state.waitingSourceId,
        language: state.waitingLanguage,
        handoverRequests: 0,
        botReplies: 0,
        waitingChange: waiting ? 1 : -1,
      });
    }
    state = { ...state, route, routeAt: event.occurredAt };
  }
  return { state, changes };
}
