import {
  ENGAGE_ID_PATTERN,
  needsAuthorHandle,
  type ReplyFields,
  replyFields,
  type ReplyTarget,
} from '@handover/contracts';
import { METRICS_REGISTRY } from '@handover/observability';
import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Registry } from 'prom-client';
import { EngageApiError, EngageApiErrorCode } from './engage-api.exception';
import { ENGAGE_CLIENT_OPTIONS, type EngageClientOptions } from './engage-client.options';
import { type EngageRequest, sendOnce } from './engage-http.transport';
import { type EngageParams } from './engage-params.util';
import { type EngageRequestCounter, engageRequestCounter, outcomeOf } from './engage-requests.metric';
import { type EngageAgentStatus } from './dto/agent-status.dto';
import { type EngageCategory } from './dto/category.dto';
import { type EngageChannel } from './dto/channel.dto';
import { type CreateContentRequest, type EngageContent } from './dto/content.dto';
import { type EngageIdentity } from './dto/identity.dto';
import {
  type CreateInterventionCommentRequest,
  type EngageInterventionComment,
} from './dto/intervention-comment.dto';
import { type EngageIntervention, type ListInterventionsFilter } from './dto/intervention.dto';
import { type EngagePage, type PageRequest } from './dto/page.dto';
import { type EngageSource } from './dto/source.dto';
import { type EngageThread } from './dto/thread.dto';
import { type EngageUser, type ListUsersFilter } from './dto/user.dto';

const MAX_PAGE_SIZE = 150;

/** Typed Engage Digital REST calls; every failure is an EngageApiError, retried here when retriable. */
@Injectable()
export class EngageClient {
  private readonly requests: EngageRequestCounter;

  constructor(
    private readonly http: HttpService,
    @Inject(ENGAGE_CLIENT_OPTIONS) private readonly options: EngageClientOptions,
    @Optional() @Inject(METRICS_REGISTRY) registry?: Registry,
  ) {
    this.requests = engageRequestCounter(registry ?? new Registry());
  }

  createIntervention(contentId: string): Promise<EngageIntervention> {
    const params = { content_id: contentId };
    return this.call({ method: 'POST', endpoint: 'POST /interventions', path: '/interventions', params });
  }

  closeIntervention(id: string): Promise<EngageIntervention> {
    const path = `/interventions/${encodeURIComponent(id)}/close`;
    return this.call({ method: 'PUT', endpoint: 'PUT /interventions/:id/close', path });
  }

  getIntervention(id: string): Promise<EngageIntervention> {
    const path = `/interventions/${encodeURIComponent(id)}`;
    return this.call({ method: 'GET', endpoint: 'GET /interventions/:id', path });
  }

  listInterventions(
    filter: ListInterventionsFilter,
    page: PageRequest = {},
  ): Promise<EngagePage<EngageIntervention>> {
    const params = { thread_id: filter.threadId, user_id: filter.userId, status: filter.status, ...page };
    return this.page('/interventions', params);
  }

  /** The thread's intervention that is not closed, if any (RCED keeps at most one open per thread). */
  async openInterventionOf(threadId: string): Promise<EngageIntervention | undefined> {
    return this.findInPages(
      (page) => this.listInterventions({ threadId }, page),
      (intervention) => !intervention.closed,
    );
  }

  /** Puts `userId` in charge of the intervention (SPEC reassignIntervention). */
  reassignIntervention(id: string, userId: string): Promise<EngageIntervention> {
    const path = `/interventions/${encodeURIComponent(id)}/reassign`;
    return this.call({
      method: 'PUT',
      endpoint: 'PUT /interventions/:id/reassign',
      path,
      params: { user_id: userId },
    });
  }

  /** An agent-only note on the intervention: the customer never sees it (SPEC createInterventionComment). */
  createInterventionComment(request: CreateInterventionCommentRequest): Promise<EngageInterventionComment> {
    const params = { body: request.body, intervention_id: request.interventionId, user_id: request.userId };
    return this.call({
      method: 'POST',
      endpoint: 'POST /intervention_comments',
      path: '/intervention_comments',
      params,
    });
  }

  /** The intervention's comment with exactly `body`, if any: whether an unanswered POST was applied. */
  findInterventionComment(
    interventionId: string,
    body: string,
  ): Promise<EngageInterventionComment | undefined> {
    return this.findInPages(
      (page) =>
        this.page<EngageInterventionComment>('/intervention_comments', {
          intervention_id: interventionId,
          ...page,
        }),
      (comment) => comment.body === body,
    );
  }

  createContent(request: CreateContentRequest): Promise<EngageContent> {
    const params = {
      body: request.body,
      in_reply_to_id: request.inReplyToId,
      source_id: request.sourceId,
      author_id: request.authorId,
      private: request.private,
      title: request.title,
      to: request.to,
      cc: request.cc,
      bcc: request.bcc,
    };
    return this.call({ method: 'POST', endpoint: 'POST /contents', path: '/contents', params });
  }

  /**
   * The fields of a reply to a customer's message, as its source needs them (ReplyTarget): a public
   * tweet mentions its author's handle, read from the identity; a customer whose identity cannot be
   * read (404) is still answered, without the mention.
   */
  async replyFieldsFor(target: ReplyTarget, body: string): Promise<ReplyFields> {
    if (!needsAuthorHandle(target) || target.author_id === null) {
      return replyFields(target, body);
    }
    try {
      const identity = await this.getIdentity(target.author_id);
      return replyFields(target, body, identity.screenname ?? identity.uuid ?? null);
    } catch (error) {
      if (error instanceof EngageApiError && error.status === 404) {
        return replyFields(target, body);
      }
      throw error;
    }
  }

  /** Replaces the thread's categories: `categoryIds` is the full new set, not an addition. */
  updateThreadCategories(threadId: string, categoryIds: readonly string[]): Promise<EngageThread> {
    return this.call({
      method: 'PUT',
      endpoint: 'PUT /content_threads/:id/update_categories',
      path: `/content_threads/${encodeURIComponent(threadId)}/update_categories`,
      params: { thread_category_ids: categoryIds },
    });
  }

  /** Starts an asynchronous close: the returned thread may still say `closed: false`. */
  closeThread(id: string): Promise<EngageThread> {
    const path = `/content_threads/${encodeURIComponent(id)}/close`;
    return this.call({ method: 'PUT', endpoint: 'PUT /content_threads/:id/close', path });
  }

  getThread(id: string): Promise<EngageThread> {
    const path = `/content_threads/${encodeURIComponent(id)}`;
    return this.call({ method: 'GET', endpoint: 'GET /content_threads/:id', path });
  }

  getContent(id: string): Promise<EngageContent> {
    const path = `/contents/${encodeURIComponent(id)}`;
    return this.call({ method: 'GET', endpoint: 'GET /contents/:id', path });
  }

  listThreadContents(threadId: string, page: PageRequest = {}): Promise<EngagePage<EngageContent>> {
    const params = { q: `thread:${threadId}`, offset: page.offset, limit: page.limit };
    return this.page('/contents', params);
  }

  /**
   * The thread's content answering `inReplyToId` with exactly `body`, if any: how a caller finds out
   * whether a `POST /contents` whose answer it never got was applied (the call is not idempotent).
   */
  findReply(threadId: string, inReplyToId: string, body: string): Promise<EngageContent | undefined> {
    return this.findInPages(
      (page) => this.listThreadContents(threadId, page),
      (content) => content.in_reply_to_id === inReplyToId && content.body === body,
    );
  }

  async getAgentStatuses(): Promise<EngageAgentStatus[]> {
    const statuses = await this.call<unknown>({ method: 'GET', endpoint: 'GET /status', path: '/status' });
    if (!Array.isArray(statuses)) {
      throw new EngageApiError(EngageApiErrorCode.InvalidResponse, 'GET /status', 200);
    }
    return statuses as EngageAgentStatus[];
  }

  listUsers(filter: ListUsersFilter = {}): Promise<EngageUser[]> {
    return this.all('/users', { category_id: filter.categoryId, team_id: filter.teamId });
  }

  listCategories(): Promise<EngageCategory[]> {
    return this.all('/categories');
  }

  getSource(id: string): Promise<EngageSource> {
    const path = `/content_sources/${encodeURIComponent(id)}`;
    return this.call({ method: 'GET', endpoint: 'GET /content_sources/:id', path });
  }

  listSources(): Promise<EngageSource[]> {
    return this.all('/content_sources');
  }

  /** The categories new threads of the source get (SPEC updateSource `default_category_ids[]`): the full set. */
  updateSourceDefaultCategories(id: string, categoryIds: readonly string[]): Promise<EngageSource> {
    return this.call({
      method: 'PUT',
      endpoint: 'PUT /content_sources/:id',
      path: `/content_sources/${encodeURIComponent(id)}`,
      params: { default_category_ids: categoryIds },
    });
  }

  getIdentity(id: string): Promise<EngageIdentity> {
    const path = `/identities/${encodeURIComponent(id)}`;
    return this.call({ method: 'GET', endpoint: 'GET /identities/:id', path });
  }

  listChannels(): Promise<EngageChannel[]> {
    return this.all('/channels');
  }

  /** The first record matching, walking pages of 100 until one matches or the collection ends. */
  private async findInPages<T>(
    pageAt: (page: PageRequest) => Promise<EngagePage<T>>,
    matches: (record: T) => boolean,
  ): Promise<T | undefined> {
    const limit = 100;
    for (let offset = 0; ; offset += limit) {
      const page = await pageAt({ offset, limit });
      const found = page.records.find(matches);
      if (found) {
        return found;
      }
      if (page.records.length < limit || offset + limit >= page.count) {
        return undefined;
      }
    }
  }

  /** Walks every page; a short or empty page before `count` is reached ends the walk rather than looping. */
  private async all<T>(path: string, params: EngageParams = {}): Promise<T[]> {
    const records: T[] = [];
    for (;;) {
      const page = await this.page<T>(path, { ...params, offset: records.length, limit: MAX_PAGE_SIZE });
      records.push(...page.records);
      if (page.records.length === 0 || records.length >= page.count) {
        return records;
      }
    }
  }

  private async page<T>(path: string, params: EngageParams): Promise<EngagePage<T>> {
    const endpoint = `GET ${path}`;
    const page = await this.call<Partial<EngagePage<T>>>({ method: 'GET', endpoint, path, params });
    if (!Array.isArray(page?.records) || typeof page.count !== 'number') {
      throw new EngageApiError(EngageApiErrorCode.InvalidResponse, endpoint, 200);
    }
    return page as EngagePage<T>;
  }

  private async call<T>(request: EngageRequest): Promise<T> {
    // `.` and `..` survive encodeURIComponent and would change the path: only RCED ids go in one.
    if (
      !request.path
        .split('/')
        .slice(1)
        .every((segment) => ENGAGE_ID_PATTERN.test(segment))
    ) {
      throw new EngageApiError(EngageApiErrorCode.ClientError, request.endpoint, undefined, {
        error: 'invalid_id',
        message: 'an id in the path is not an RCED id: the call was not sent',
      });
    }
    // One request per call, never re-sent here: the effect worker owns retries (its backoff, the
    // 429 pause, the call budget and the circuit breaker), and reconciles what may have been applied.
    try {
      const result = (await sendOnce(this.http, this.options, request)) as T;
      this.requests.inc({ endpoint: request.endpoint, outcome: outcomeOf() });
      return result;
    } catch (error) {
      this.requests.inc({ endpoint: request.endpoint, outcome: outcomeOf(error as EngageApiError) });
      throw error;
    }
  }
}
