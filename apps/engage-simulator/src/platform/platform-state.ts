import { type PlatformSeed } from './platform-seed';
import { PlatformError } from './platform.exception';
import {
  type AgentPresence,
  type CategoryRecord,
  type ChannelRecord,
  type Clock,
  type ContentRecord,
  type IdentityRecord,
  type InterventionRecord,
  type PinnedBusyness,
  type PlatformEvent,
  type SourceRecord,
  type ThreadRecord,
  type UserRecord,
} from './platform.types';

/** RCED writes REST dates as ISO-8601 UTC without milliseconds (ENGAGE_API.md §2.2). */
export function restDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The platform's records, in creation order, and lookups that 404 like RCED does. */
export class PlatformState {
  readonly channels = new Map<string, ChannelRecord>();
  readonly sources = new Map<string, SourceRecord>();
  readonly categories = new Map<string, CategoryRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly identities = new Map<string, IdentityRecord>();
  readonly threads = new Map<string, ThreadRecord>();
  readonly contents = new Map<string, ContentRecord>();
  readonly interventions = new Map<string, InterventionRecord>();
  readonly presences = new Map<string, AgentPresence>();
  /** Per connected agent; a channel without a pinned value reports the computed busyness. */
  readonly pinnedBusyness = new Map<string, PinnedBusyness>();
  readonly outbox: PlatformEvent[] = [];

  constructor(clock: Clock, seed: PlatformSeed = {}) {
    const at = restDate(clock());
    const put = <T extends { id: string; created_at?: string }>(
      target: Map<string, T & { created_at: string }>,
      items: T[] = [],
    ): void => items.forEach((item) => target.set(item.id, { ...item, created_at: item.created_at ?? at }));
    put(this.channels, seed.channels);
    put(this.sources, seed.sources);
    put(this.categories, seed.categories);
    put(this.users, seed.users);
    put(this.identities, seed.identities);
    for (const thread of seed.threads ?? []) {
      const created = thread.created_at ?? at;
      this.threads.set(thread.id, { ...thread, created_at: created, updated_at: created });
    }
    for (const presence of seed.presences ?? []) {
      this.presences.set(presence.agent_id, new Map(Object.entries(presence.channels)));
    }
  }

  channel(id: string): ChannelRecord {
    return found(this.channels, id, 'Channel');
  }

  source(id: string): SourceRecord {
    return found(this.sources, id, 'Source');
  }

  user(id: string): UserRecord {
    return found(this.users, id, 'User');
  }

  thread(id: string): ThreadRecord {
    return found(this.threads, id, 'Thread');
  }

  content(id: string): ContentRecord {
    return found(this.contents, id, 'Content');
  }

  intervention(id: string): InterventionRecord {
    return found(this.interventions, id, 'Intervention');
  }

  contentsOf(threadId: string): ContentRecord[] {
    return [...this.contents.values()].filter((content) => content.thread_id === threadId);
  }

  interventionsOf(threadId: string): InterventionRecord[] {
    return [...this.interventions.values()].filter((item) => item.thread_id === threadId);
  }

  openInterventionOf(threadId: string): InterventionRecord | undefined {
    return this.interventionsOf(threadId).find((item) => !item.closed);
  }

  /** Agent replies = contents written through the API or by an agent (creator_id set) in it. */
  agentReplies(interventionId: string): ContentRecord[] {
    return [...this.contents.values()].filter(
      (content) => content.intervention_id === interventionId && content.creator_id !== null,
    );
  }
}

function found<T>(records: Map<string, T>, id: string, kind: string): T {
  const record = records.get(id);
  if (!record) {
    throw PlatformError.notFound(kind, id);
  }
  return record;
}
