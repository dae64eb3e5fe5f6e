/**
 * What availability-poller saw for one source at one poll: how many agents allowed on the handover
 * (AGENT category or team) are connected on the source's channel, `available`, and not `full`.
 * On `availability.events.v1`, keyed by source id.
 */
interface AvailabilityEventBase {
  /** Deterministic: `<type>:<source id>:<poll time>`. */
  event_id: string;
  source_id: string;
  channel_id: string;
  /** Agents who can take a handed-over thread now. */
  available_agents: number;
  /** Their ids, sorted, so a consumer can tell who changed. */
  agent_ids: string[];
  /** When the poll that saw it ran (the poller's clock). */
  occurred_at: string;
}

/** Published only when a source's available agents differ from the last published value. */
export interface AvailabilityChangedEvent extends AvailabilityEventBase {
  type: 'availability.changed';
}

/** Published for every source every AVAILABILITY_SNAPSHOT_MS, changed or not: a late joiner's starting point. */
export interface AvailabilitySnapshotEvent extends AvailabilityEventBase {
  type: 'availability.snapshot';
}

export type AvailabilityEvent = AvailabilityChangedEvent | AvailabilitySnapshotEvent;

export const AVAILABILITY_EVENT_TYPES: ReadonlyArray<AvailabilityEvent['type']> = [
  'availability.changed',
  'availability.snapshot',
];

export const AVAILABILITY_EVENTS_SCHEMA_VERSION = '1';
