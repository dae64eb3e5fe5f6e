import { type PendingEvent, contentImported, interventionEvent } from './platform-events';
import { type PlatformSeed } from './platform-seed';
import { PlatformState, restDate } from './platform-state';
import { PlatformError, PlatformErrorCode } from './platform.exception';
import {
  type Busyness,
  type ChannelStatus,
  type Clock,
  type ContentRecord,
  type IdGenerator,
  type InterventionRecord,
  type ThreadRecord,
} from './platform.types';

export interface PlatformOptions {
  /** RCED refuses a reply unless the replied content is under an open intervention (§2.5). */
  strictReplies: boolean;
}

export interface CustomerMessage {
  source_id: string;
  body: string;
  thread_id?: string;
  author_id?: string;
  author_name?: string;
}

export interface NewContent {
  body?: string;
  in_reply_to_id?: string;
  source_id?: string;
  author_id?: string;
  private?: boolean;
}

/** An in-memory RCED platform: the rules of the REST API 1.0, with no HTTP and no Nest. */
export class EngagePlatform {
  readonly state: PlatformState;

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly options: PlatformOptions,
    seed?: PlatformSeed,
  ) {
    this.state = new PlatformState(clock, seed);
  }

  /**
   * A customer writes on a source: in a new thread, or in an existing open one. A closed thread is
   * never reopened (RCED closes threads to stop reopening): writing to it starts a new thread.
   */
  receiveCustomerMessage(message: CustomerMessage): ContentRecord {
    const source = this.state.source(message.source_id);
    const existing = message.thread_id ? this.state.thread(message.thread_id) : undefined;
    if (existing && existing.source_id !== source.id) {
      throw PlatformError.invalid(`thread ${existing.id} is not on source ${source.id}`);
    }
    const thread =
      existing && !existing.closed
        ? existing
        : this.newThread(source.id, message.body, source.default_category_ids);
    const authorId = message.author_id ?? this.newIdentity(message.author_name ?? 'Customer');
    thread.updated_at = this.now();
    const intervention = this.state.openInterventionOf(thread.id) ?? this.reopenLatest(thread);
    return this.addContent(thread, {
      author_id: authorId,
      creator_id: null,
      body: message.body,
      private_message: false,
      in_reply_to_id: null,
      intervention_id: intervention?.id ?? null,
    });
  }

  openIntervention(userId: string, contentId: string): InterventionRecord {
    const content = this.state.content(contentId);
    const thread = this.state.thread(content.thread_id);
    if (this.state.openInterventionOf(thread.id)) {
      throw new PlatformError(
        PlatformErrorCode.InterventionAlreadyOpened,
        422,
        `An intervention is already opened on thread ${thread.id}`,
      );
    }
    const latest = this.state.interventionsOf(thread.id).at(-1);
    if (latest) {
      latest.user_id = userId;
      return this.reopen(latest, thread, userId);
    }
    const now = this.now();
    const intervention: InterventionRecord = {
      id: this.ids.next(),
      source_id: content.source_id,
      thread_id: thread.id,
      content_id: content.id,
      identity_id: content.author_id,
      user_id: userId,
      closed: false,
      closed_at: null,
      created_at: now,
      updated_at: now,
    };
    this.state.interventions.set(intervention.id, intervention);
    content.intervention_id ??= intervention.id;
    this.emit(interventionEvent('intervention.opened', intervention, thread, userId));
    return intervention;
  }

  closeIntervention(userId: string, interventionId: string): InterventionRecord {
    const intervention = this.state.intervention(interventionId);
    if (intervention.closed) {
      throw forbidden(PlatformErrorCode.InterventionAlreadyClosed, 'Intervention is already closed');
    }
    if (this.state.agentReplies(intervention.id).length === 0) {
      throw forbidden(PlatformErrorCode.InterventionWithoutAgentReply, 'Intervention has no agent reply');
    }
    if (intervention.user_id !== userId) {
      throw forbidden(PlatformErrorCode.NotInterventionOwner, 'Intervention belongs to another user');
    }
    const now = this.now();
    Object.assign(intervention, { closed: true, closed_at: now, updated_at: now });
    const thread = this.state.thread(intervention.thread_id);
    this.emit(interventionEvent('intervention.closed', intervention, thread, userId));
    return intervention;
  }

  /**
   * An agent answering from RCED's interface: taking the thread's task assigns its open intervention
   * to them, or opens one for them, so the reply counts as theirs and they may close it.
   */
  agentReply(agentId: string, inReplyToId: string, body: string): ContentRecord {
    this.state.user(agentId);
    const replied = this.state.content(inReplyToId);
    const open = this.state.openInterventionOf(replied.thread_id);
    if (open) {
      open.user_id = agentId;
    } else {
      this.openIntervention(agentId, inReplyToId);
    }
    return this.createContent(agentId, { in_reply_to_id: inReplyToId, body });
  }

  createContent(userId: string, params: NewContent): ContentRecord {
    if (!params.body) {
      throw PlatformError.invalid('body is required');
    }
    const replied = params.in_reply_to_id ? this.state.content(params.in_reply_to_id) : undefined;
    const sourceId = replied?.source_id ?? params.source_id;
    if (!sourceId) {
      throw PlatformError.invalid('source_id is required when in_reply_to_id is missing');
    }
    const source = this.state.source(sourceId);
    const thread = replied
      ? this.state.thread(replied.thread_id)
      : this.newThread(source.id, params.body, []);
    const intervention = this.state.openInterventionOf(thread.id);
    if (replied && thread.closed) {
      throw forbidden(PlatformErrorCode.CantReplyToClosedThread, "Can't reply to closed thread");
    }
    if (replied && this.options.strictReplies && !intervention) {
      throw new PlatformError(
        PlatformErrorCode.NoOpenIntervention,
        422,
        `Content ${replied.id} is not under an open intervention`,
      );
    }
    return this.addContent(thread, {
      author_id: params.author_id ?? this.authorFor(userId),
      creator_id: userId,
      body: params.body,
      private_message: params.private ?? false,
      in_reply_to_id: replied?.id ?? null,
      intervention_id: intervention?.id ?? null,
    });
  }

  updateThreadCategories(threadId: string, categoryIds: string[]): ThreadRecord {
    const thread = this.state.thread(threadId);
    const unknown = categoryIds.filter((id) => !this.state.categories.has(id));
    if (unknown.length > 0) {
      throw PlatformError.invalid(`Unknown categories: ${unknown.join(', ')}`);
    }
    thread.thread_category_ids = [...new Set(categoryIds)];
    thread.updated_at = this.now();
    return thread;
  }

  closeThread(threadId: string): ThreadRecord {
    const thread = this.state.thread(threadId);
    if (thread.closed) {
      throw forbidden(PlatformErrorCode.ThreadAlreadyClosed, 'Thread is already closed');
    }
    thread.closed = true;
    thread.updated_at = this.now();
    return thread;
  }

  /** Without `busyness`, the channel's busyness is computed from the agent's open interventions again. */
  setAgentChannelStatus(
    agentId: string,
    channelId: string,
    status: ChannelStatus,
    busyness?: Busyness,
  ): void {
    this.state.user(agentId);
    this.state.channel(channelId);
    const presence = this.state.presences.get(agentId) ?? new Map<string, ChannelStatus>();
    presence.set(channelId, status);
    this.state.presences.set(agentId, presence);
    const pinned = this.state.pinnedBusyness.get(agentId) ?? new Map<string, Busyness>();
    if (busyness === undefined) {
      pinned.delete(channelId);
    } else {
      pinned.set(channelId, busyness);
    }
    this.state.pinnedBusyness.set(agentId, pinned);
  }

  disconnectAgent(agentId: string): void {
    this.state.user(agentId);
    this.state.presences.delete(agentId);
    this.state.pinnedBusyness.delete(agentId);
  }

  private reopenLatest(thread: ThreadRecord): InterventionRecord | undefined {
    const latest = this.state.interventionsOf(thread.id).at(-1);
    return latest?.closed ? this.reopen(latest, thread) : undefined;
  }

  private reopen(
    intervention: InterventionRecord,
    thread: ThreadRecord,
    userId?: string,
  ): InterventionRecord {
    Object.assign(intervention, { closed: false, closed_at: null, updated_at: this.now() });
    this.emit(interventionEvent('intervention.reopened', intervention, thread, userId));
    return intervention;
  }

  private addContent(
    thread: ThreadRecord,
    fields: Omit<ContentRecord, 'id' | 'source_id' | 'thread_id' | 'created_at'>,
  ): ContentRecord {
    const first = this.state.contentsOf(thread.id).length === 0;
    const content: ContentRecord = {
      id: this.ids.next(),
      source_id: thread.source_id,
      thread_id: thread.id,
      created_at: this.now(),
      ...fields,
    };
    this.state.contents.set(content.id, content);
    this.emit(contentImported(content, this.state.source(thread.source_id), thread, first));
    return content;
  }

  private newThread(sourceId: string, body: string, categoryIds: string[]): ThreadRecord {
    const now = this.now();
    const thread: ThreadRecord = {
      id: this.ids.next(),
      source_id: sourceId,
      title: body.slice(0, 60),
      closed: false,
      thread_category_ids: [...categoryIds],
      created_at: now,
      updated_at: now,
    };
    this.state.threads.set(thread.id, thread);
    return thread;
  }

  private newIdentity(name: string, userIds: string[] = []): string {
    const id = this.ids.next();
    this.state.identities.set(id, { id, display_name: name, user_ids: userIds, created_at: this.now() });
    return id;
  }

  /** RCED's default author is the token user's identity; one is created for a user without any. */
  private authorFor(userId: string): string {
    const user = this.state.user(userId);
    if (user.identity_ids.length === 0) {
      user.identity_ids.push(this.newIdentity(`${user.firstname} ${user.lastname}`, [user.id]));
    }
    return user.identity_ids[0];
  }

  private emit(event: PendingEvent): void {
    this.state.outbox.push({ id: this.ids.next(), issued_at: this.clock().toISOString(), ...event });
  }

  private now(): string {
    return restDate(this.clock());
  }
}

function forbidden(code: PlatformErrorCode, message: string): PlatformError {
  return new PlatformError(code, 403, message);
}
