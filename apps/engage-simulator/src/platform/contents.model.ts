import { type IdentitiesModel } from './identities.model';
import { type InterventionsModel } from './interventions.model';
import { type PlatformContext } from './platform-context';
import { contentEvent } from './platform-events';
import { PlatformError, PlatformErrorCode } from './platform.exception';
import {
  type AttachmentRecord,
  type ContentRecord,
  type ContentStatus,
  type CreatedFrom,
  type SourceRecord,
  type ThreadRecord,
} from './platform.types';
import { can, visible } from './source-permissions';
import { privateByDefault } from './source-types';
import { type ThreadsModel } from './threads.model';

export interface NewAttachment {
  filename: string;
  content_type: string;
}

export interface CustomerMessage {
  source_id: string;
  /** Optional when there is at least one attachment. */
  body?: string;
  thread_id?: string;
  author_id?: string;
  author_name?: string;
  author_screenname?: string;
  author_email?: string;
  cc?: string[];
  bcc?: string[];
  attachments?: NewAttachment[];
  /** Overrides the source type's default (a chat message is private, a tweet is not). */
  private?: boolean;
}

export type SourceImportKind = 'brand_post' | 'welcome_message';

/** Something the source itself publishes: a post on the brand's page, the chat's welcome message. */
export interface SourceImport {
  source_id: string;
  thread_id?: string;
  kind: SourceImportKind;
  body: string;
  status?: ContentStatus;
}

export interface NewContent {
  body?: string;
  in_reply_to_id?: string;
  source_id?: string;
  author_id?: string;
  private?: boolean;
  title?: string;
  /** SPEC createContent: `to` (a string: SMS, WhatsApp, messaging) or `to[]` (a list: email). */
  to?: string | string[];
  cc?: string[];
  bcc?: string[];
  attachment_ids?: string[];
  auto_submitted?: boolean;
}

type ContentFields = Omit<ContentRecord, 'id' | 'source_id' | 'thread_id' | 'created_at' | 'updated_at'>;

/** Contents: imported from the source (customers, the brand's own posts) or created in RCED. */
export class ContentsModel {
  constructor(
    private readonly ctx: PlatformContext,
    private readonly identities: IdentitiesModel,
    private readonly threads: ThreadsModel,
    private readonly interventions: InterventionsModel,
  ) {}

  /** SPEC getContent: 404 when the user cannot read the content's source. */
  get(userId: string, contentId: string): ContentRecord {
    return visible(this.ctx.state, userId, this.ctx.state.content(contentId), 'Content', contentId);
  }

  /**
   * A customer writes on a source: in a new thread, or in an existing open one. A closed thread is
   * never reopened (RCED closes threads to stop reopening): writing to it starts a new thread.
   * Status `new`, or `assigned` under an open intervention [INF from pagination.md `status_in`].
   */
  receiveCustomerMessage(message: CustomerMessage): ContentRecord {
    const source = this.ctx.state.source(message.source_id);
    const attachments = message.attachments ?? [];
    if (!message.body && attachments.length === 0) {
      throw PlatformError.invalid('body or an attachment is required');
    }
    const body = message.body ?? '';
    const existing = this.threadOn(source, message.thread_id);
    const thread =
      existing ??
      this.threads.create(source.id, body || attachments[0].filename, source.default_category_ids);
    const authorId =
      message.author_id ??
      (existing && this.customerOf(existing)) ??
      this.identities.customer(source, {
        name: message.author_name,
        screenname: message.author_screenname,
        email: message.author_email,
      }).id;
    thread.updated_at = this.ctx.now();
    const intervention =
      this.ctx.state.openInterventionOf(thread.id) ?? this.interventions.reopenOnCustomerMessage(thread);
    const now = this.ctx.now();
    return this.imported(thread, {
      author_id: authorId,
      creator_id: null,
      sender: 'customer',
      created_from: 'synchronizer',
      status: intervention ? 'assigned' : 'new',
      body,
      title: null,
      private_message: message.private ?? privateByDefault(source.type),
      in_reply_to_id: null,
      intervention_id: intervention?.id ?? null,
      to: [],
      cc: [...(message.cc ?? [])],
      bcc: [...(message.bcc ?? [])],
      attachments: attachments.map((item) => ({ id: this.ctx.newId(), ...item, created_at: now })),
      auto_submitted: false,
    });
  }

  /**
   * events.md "New content events": content.imported "notifies all interactions coming directly from
   * the synchronized source", e.g. a post made on the brand's page outside RCED or the chat's automatic
   * welcome message. Authored by the source's brand identity, no creator. Status [INF]:
   * `user_initiated` for a post, `user_reply` for a welcome message. A welcome message without a
   * thread opens one, with the source's default categories, as the chat does.
   */
  importFromSource(item: SourceImport): ContentRecord {
    const source = this.ctx.state.source(item.source_id);
    if (!item.body) {
      throw PlatformError.invalid('body is required');
    }
    const thread =
      this.threadOn(source, item.thread_id) ??
      this.threads.create(source.id, item.body, source.default_category_ids);
    thread.updated_at = this.ctx.now();
    return this.imported(thread, {
      author_id: this.identities.brandOf(source),
      creator_id: null,
      sender: 'brand',
      created_from: 'synchronizer',
      status: item.status ?? (item.kind === 'brand_post' ? 'user_initiated' : 'user_reply'),
      body: item.body,
      title: null,
      private_message: privateByDefault(source.type),
      in_reply_to_id: null,
      intervention_id: this.ctx.state.openInterventionOf(thread.id)?.id ?? null,
      to: [],
      cc: [],
      bcc: [],
      attachments: [],
      auto_submitted: false,
    });
  }

  /**
   * An agent answering from RCED's console: they take the thread's task (see InterventionsModel
   * takeOver), so the reply counts as theirs and they may close the intervention.
   */
  agentReply(agentId: string, inReplyToId: string, body: string): ContentRecord {
    this.ctx.state.user(agentId);
    const replied = this.get(agentId, inReplyToId);
    this.requireReply(agentId, replied.source_id);
    this.interventions.takeOver(agentId, replied);
    return this.create(agentId, { in_reply_to_id: inReplyToId, body }, 'interface');
  }

  /**
   * SPEC createContent. Not imported: a reply fires `content.replied`, a new discussion
   * `content.discussion_initiated`, then `content.exported` (events.md "New content events").
   */
  create(userId: string, params: NewContent, createdFrom: CreatedFrom = 'api'): ContentRecord {
    const state = this.ctx.state;
    if (!params.body) {
      throw PlatformError.invalid('body is required');
    }
    const replied = params.in_reply_to_id ? this.get(userId, params.in_reply_to_id) : undefined;
    const sourceId = replied?.source_id ?? params.source_id;
    if (!sourceId) {
      throw PlatformError.invalid('source_id is required when in_reply_to_id is missing');
    }
    const source = state.source(sourceId);
    this.requireReply(userId, source.id);
    const to = this.recipients(source, params, replied !== undefined);
    const repliedThread = replied && state.thread(replied.thread_id);
    if (repliedThread?.closed) {
      throw PlatformError.forbidden(
        PlatformErrorCode.CantReplyToClosedThread,
        "Can't reply to closed thread",
      );
    }
    const intervention = repliedThread && state.openInterventionOf(repliedThread.id);
    if (replied && this.ctx.options.strictReplies && !intervention) {
      throw new PlatformError(
        PlatformErrorCode.NoOpenIntervention,
        422,
        `Content ${replied.id} is not under an open intervention`,
      );
    }
    // SPEC updateSource `user_thread_default_category_ids`: "Default categories (agent messages)" [INF].
    const thread =
      repliedThread ??
      this.threads.create(source.id, params.title || params.body, source.user_thread_default_category_ids);
    const now = this.ctx.now();
    const content = this.add(thread, {
      author_id: params.author_id ?? this.identities.authorFor(userId),
      creator_id: userId,
      sender: 'brand',
      created_from: createdFrom,
      status: replied ? 'user_reply' : 'user_initiated',
      body: params.body,
      title: params.title || null,
      private_message: params.private ?? false,
      in_reply_to_id: replied?.id ?? null,
      intervention_id: intervention?.id ?? null,
      to,
      cc: [...(params.cc ?? [])],
      bcc: [...(params.bcc ?? [])],
      attachments: (params.attachment_ids ?? []).map((id): AttachmentRecord => ({
        id,
        filename: null,
        content_type: null,
        created_at: now,
      })),
      auto_submitted: params.auto_submitted ?? false,
    });
    if (replied?.sender === 'customer') {
      // pagination.md `status_in`: "replied (replied by an agent)".
      replied.status = 'replied';
      replied.updated_at = now;
    }
    const categoryIds = this.ctx.eventCategoryIds;
    this.ctx.emit(
      contentEvent(replied ? 'content.replied' : 'content.discussion_initiated', state, content, categoryIds),
    );
    this.ctx.emit(contentEvent('content.exported', state, content, categoryIds));
    return content;
  }

  /**
   * SPEC createContent `to`: "forbidden when replying to an existing message" (422). `title` and
   * `to[]` are "mandatory when initiating a discussion" on an email source (422).
   */
  private recipients(source: SourceRecord, params: NewContent, reply: boolean): string[] {
    if (reply && typeof params.to === 'string') {
      throw PlatformError.invalid('to is forbidden when replying to an existing message');
    }
    const to = typeof params.to === 'string' ? [params.to] : (params.to ?? []).filter(Boolean);
    if (!reply && source.type === 'emails' && (!params.title || to.length === 0)) {
      throw PlatformError.invalid('title and to[] are required to initiate an email discussion');
    }
    return to;
  }

  /** SPEC createContent "Authorization: only users that can reply …": [INF] 403 otherwise. */
  private requireReply(userId: string, sourceId: string): void {
    if (!can(this.ctx.state.user(userId), 'reply', sourceId)) {
      throw PlatformError.forbidden(
        PlatformErrorCode.ReplyNotAllowed,
        `User cannot reply on source ${sourceId}`,
      );
    }
  }

  /** The open thread named, if any; a closed one is left for a new thread; another source's is refused. */
  private threadOn(source: SourceRecord, threadId: string | undefined): ThreadRecord | undefined {
    const existing = threadId ? this.ctx.state.thread(threadId) : undefined;
    if (existing && existing.source_id !== source.id) {
      throw PlatformError.invalid(`thread ${existing.id} is not on source ${source.id}`);
    }
    return existing && !existing.closed ? existing : undefined;
  }

  /** [INF] The customer writing again in their thread keeps their identity. */
  private customerOf(thread: ThreadRecord): string | undefined {
    return this.ctx.state
      .contentsOf(thread.id)
      .filter((content) => content.sender === 'customer')
      .at(-1)?.author_id;
  }

  private imported(thread: ThreadRecord, fields: ContentFields): ContentRecord {
    const content = this.add(thread, fields);
    this.ctx.emit(contentEvent('content.imported', this.ctx.state, content, this.ctx.eventCategoryIds));
    return content;
  }

  private add(thread: ThreadRecord, fields: ContentFields): ContentRecord {
    const now = this.ctx.now();
    const content: ContentRecord = {
      id: this.ctx.newId(),
      source_id: thread.source_id,
      thread_id: thread.id,
      created_at: now,
      updated_at: now,
      ...fields,
    };
    this.ctx.state.contents.set(content.id, content);
    return content;
  }
}
