import { type PlatformSeed } from './platform-seed';
import { PlatformError } from './platform.exception';
import {
  type AgentPresence,
  type CategoryRecord,
  type ChannelRecord,
  type Clock,
  type ContentRecord,
  type IdentityRecord,
  type InterventionCommentRecord,
  type InterventionRecord,
  type PinnedBusyness,
  type PlatformEvent,
  type SourcePermission,
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
  readonly comments = new Map<string, InterventionCommentRecord>();
  readonly presences = new Map<string, AgentPresence>();
  /** Per connected agent; a channel without a pinned value reports the computed busyness. */
  readonly pinnedBusyness = new Map<string, PinnedBusyness>();
  readonly outbox: PlatformEvent[] = [];
  /** Events of the outbox the caller takes to deliver themselves (`deliver: false`): never sent. */
  readonly handDelivered = new Set<string>();

  constructor(clock: Clock, seed: PlatformSeed = {}) {
    const at = restDate(clock());
    for (const channel of seed.channels ?? []) {
      this.channels.set(channel.id, { ...channel, created_at: channel.created_at ?? at });
    }
    for (const source of seed.sources ?? []) {
      const created = source.created_at ?? at;
      this.sources.set(source.id, {
        active: true,
        user_thread_default_category_ids: [],
        brand_identity_id: null,
        ...source,
        created_at: created,
        updated_at: created,
      });
    }
    for (const category of seed.categories ?? []) {
      this.categories.set(category.id, { ...category, created_at: category.created_at ?? at });
    }
    // A seed written before permissions existed still works: its users read and reply everywhere.
    const everywhere = (): Record<string, SourcePermission[]> =>
      Object.fromEntries([...this.sources.keys()].map((id) => [id, ['read', 'reply']]));
    for (const user of seed.users ?? []) {
      this.users.set(user.id, {
        ...user,
        source_permissions: user.source_permissions ?? everywhere(),
        may_edit_permissions: user.may_edit_permissions ?? false,
        created_at: user.created_at ?? at,
      });
    }
    for (const identity of seed.identities ?? []) {
      this.identities.set(identity.id, {
        screenname: null,
        uuid: null,
        email: null,
        firstname: null,
        lastname: null,
        foreign_id: null,
        source_id: null,
        ...identity,
        created_at: identity.created_at ?? at,
      });
    }
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

  category(id: string): CategoryRecord {
    return found(this.categories, id, 'Category');
  }

  user(id: string): UserRecord {
    return found(this.users, id, 'User');
  }

  identity(id: string): IdentityRecord {
    return found(this.identities, id, 'Identity');
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

  comment(id: string): InterventionCommentRecord {
    return found(this.comments, id, 'Intervention comment');
  }

  /** The ids, deduplicated, if every one names a category; 422 naming the unknown ones otherwise. */
  knownCategories(ids: readonly string[]): string[] {
    const unknown = ids.filter((id) => !this.categories.has(id));
    if (unknown.length > 0) {
      throw PlatformError.invalid(`Unknown categories: ${unknown.join(', ')}`);
    }
    return [...new Set(ids)];
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

  commentsOf(interventionId: string): InterventionCommentRecord[] {
    return [...this.comments.values()].filter((comment) => comment.intervention_id === interventionId);
  }

  commentsOfThread(threadId: string): InterventionCommentRecord[] {
    return [...this.comments.values()].filter((comment) => comment.thread_id === threadId);
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
