import { type AvailabilityEvent } from '@handover/contracts';
import { type EngageAgentStatus } from '@handover/engage-client';

/** A watched source and the channel it belongs to (GET /content_sources/:id `channel_id`). */
export interface WatchedSource {
  sourceId: string;
  channelId: string;
}

/** The last value published for a source, by a change or a snapshot. */
export interface PublishedAvailability {
  sourceId: string;
  channelId: string;
  /** Sorted. */
  agentIds: readonly string[];
  publishedAt: string;
  /** When its last snapshot went out; null before the first. */
  snapshotAt: string | null;
}

export interface AvailabilityFacts {
  /** GET /status: connected agents only. */
  statuses: readonly EngageAgentStatus[];
  /** The permissions cache: agents who may take handed-over threads. */
  allowedAgentIds: ReadonlySet<string>;
  sources: readonly WatchedSource[];
  lastPublished: ReadonlyMap<string, PublishedAvailability>;
}

export interface AvailabilityPolicy {
  snapshotEveryMs: number;
}

export interface AvailabilityDecision {
  /** Per source: its change first, then its snapshot. */
  events: AvailabilityEvent[];
  /** New last-published values, for the sources that got an event. */
  published: PublishedAvailability[];
  /** What this poll saw for every source, published or not. */
  available: ReadonlyMap<string, readonly string[]>;
}

/**
 * Allowed agents who can take a thread on `channelId` now: connected there, `available`, and not
 * at their hard limit (ENGAGE_API.md §2.7, the transfers page's availability test, by channel id).
 */
export function availableAgents(
  statuses: readonly EngageAgentStatus[],
  allowedAgentIds: ReadonlySet<string>,
  channelId: string,
): string[] {
  const ids = statuses
    .filter((agent) => allowedAgentIds.has(agent.agent_id))
    .filter((agent) =>
      agent.channels.some(
        (channel) =>
          channel.id === channelId && channel.status === 'available' && channel.busyness !== 'full',
      ),
    )
    .map((agent) => agent.agent_id);
  return [...new Set(ids)].sort();
}

/**
 * A change is published only against the last published value. A source never published gets its
 * first value from its snapshot (due at once), not from a "change" from nothing.
 */
export function decideAvailability(
  facts: AvailabilityFacts,
  policy: AvailabilityPolicy,
  now: Date,
): AvailabilityDecision {
  const occurredAt = now.toISOString();
  const events: AvailabilityEvent[] = [];
  const published: PublishedAvailability[] = [];
  const available = new Map<string, readonly string[]>();
  for (const { sourceId, channelId } of facts.sources) {
    const agentIds = availableAgents(facts.statuses, facts.allowedAgentIds, channelId);
    available.set(sourceId, agentIds);
    const last = facts.lastPublished.get(sourceId);
    const changed = last !== undefined && differs(last, channelId, agentIds);
    const snapshotDue = isSnapshotDue(last, policy, now);
    if (!changed && !snapshotDue) {
      continue;
    }
    const base = {
      source_id: sourceId,
      channel_id: channelId,
      available_agents: agentIds.length,
      agent_ids: agentIds,
      occurred_at: occurredAt,
    };
    if (changed) {
      events.push({ ...base, type: 'availability.changed', event_id: eventId('availability.changed', base) });
    }
    if (snapshotDue) {
      events.push({
        ...base,
        type: 'availability.snapshot',
        event_id: eventId('availability.snapshot', base),
      });
    }
    published.push({
      sourceId,
      channelId,
      agentIds,
      publishedAt: occurredAt,
      snapshotAt: snapshotDue ? occurredAt : (last?.snapshotAt ?? null),
    });
  }
  return { events, published, available };
}

function differs(last: PublishedAvailability, channelId: string, agentIds: readonly string[]): boolean {
  const before = [...last.agentIds].sort();
  return (
    last.channelId !== channelId ||
    before.length !== agentIds.length ||
    before.some((id, index) => id !== agentIds[index])
  );
}

function isSnapshotDue(
  last: PublishedAvailability | undefined,
  policy: AvailabilityPolicy,
  now: Date,
): boolean {
  if (!last?.snapshotAt) {
    return true;
  }
  return now.getTime() - Date.parse(last.snapshotAt) >= policy.snapshotEveryMs;
}

function eventId(type: AvailabilityEvent['type'], base: { source_id: string; occurred_at: string }): string {
  return `${type}:${base.source_id}:${base.occurred_at}`;
}
