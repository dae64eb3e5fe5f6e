/**
 * Pure: what one batch adds to the live state (availability per source, emergency switches), as
 * deltas that merge in any order, like thread-stats.evolve.ts: the newest observation per source
 * (by time, then event id), and a history of switches keyed by event id.
 */

/** From availability.events.v1: a source's available agents at one poll. */
export interface AvailabilityDelta {
  sourceId: string;
  channelId: string;
  availableAgents: number;
  agentIds: string[];
  observedAt: string;
  eventId: string;
}

/** From handover.events.v1 (emergency.*): one switch as handover applied it. */
export interface EmergencyRow {
  eventId: string;
  commandId: string;
  active: boolean;
  sourceIds: string[] | null;
  reason: string;
  actor: string;
  occurredAt: string;
  threadsInScope: number;
}

/** Keeps the newest observation per source; ties on time go to the greater event id. */
export function foldAvailability(deltas: Map<string, AvailabilityDelta>, input: AvailabilityDelta): void {
  const current = deltas.get(input.sourceId);
  if (current === undefined || isNewer(input, current)) {
    deltas.set(input.sourceId, input);
  }
}

export function isNewer(
  a: Pick<AvailabilityDelta, 'observedAt' | 'eventId'>,
  b: Pick<AvailabilityDelta, 'observedAt' | 'eventId'>,
): boolean {
  return a.observedAt > b.observedAt || (a.observedAt === b.observedAt && a.eventId > b.eventId);
}
