import { type PlatformContext } from './platform-context';
import { interventionEvent } from './platform-events';
import { PlatformError, PlatformErrorCode } from './platform.exception';
import { type ContentRecord, type InterventionRecord, type ThreadRecord } from './platform.types';
import { can, visible } from './source-permissions';

/** Interventions: opened through the API or by an agent taking a task, closed, reopened, reassigned. */
export class InterventionsModel {
  constructor(private readonly ctx: PlatformContext) {}

  /** SPEC getIntervention: 404 when the user cannot read the intervention's source. */
  get(userId: string, interventionId: string): InterventionRecord {
    const state = this.ctx.state;
    return visible(state, userId, state.intervention(interventionId), 'Intervention', interventionId);
  }

  /**
   * SPEC createIntervention: creates or reopens one on the content's thread as the token's user, 422
   * when one is already opened. [INF] A content the user cannot read is not found (404), as by GET.
   */
  open(userId: string, contentId: string): InterventionRecord {
    const state = this.ctx.state;
    const content = visible(state, userId, state.content(contentId), 'Content', contentId);
    const thread = state.thread(content.thread_id);
    if (state.openInterventionOf(thread.id)) {
      throw new PlatformError(
        PlatformErrorCode.InterventionAlreadyOpened,
        422,
        `An intervention is already opened on thread ${thread.id}`,
      );
    }
    const latest = state.interventionsOf(thread.id).at(-1);
    if (latest) {
      latest.user_id = userId;
      return this.reopen(latest, thread, userId);
    }
    const now = this.ctx.now();
    const intervention: InterventionRecord = {
      id: this.ctx.newId(),
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
    state.interventions.set(intervention.id, intervention);
    content.intervention_id ??= intervention.id;
    this.ctx.emit(interventionEvent('intervention.opened', intervention, thread, userId));
    return intervention;
  }

  /**
   * SPEC closeIntervention (and the seed walkthrough, "Case 1"): 403 unless it is not already closed,
   * has agent replies, the user is its owner or may edit permissions, and the user can read its source.
   */
  close(userId: string, interventionId: string): InterventionRecord {
    const state = this.ctx.state;
    const intervention = state.intervention(interventionId);
    const user = state.user(userId);
    if (intervention.closed) {
      throw PlatformError.forbidden(
        PlatformErrorCode.InterventionAlreadyClosed,
        'Intervention is already closed',
      );
    }
    if (state.agentReplies(intervention.id).length === 0) {
      throw PlatformError.forbidden(
        PlatformErrorCode.InterventionWithoutAgentReply,
        'Intervention has no agent reply',
      );
    }
    if (intervention.user_id !== userId && !user.may_edit_permissions) {
      throw PlatformError.forbidden(
        PlatformErrorCode.NotInterventionOwner,
        'Intervention belongs to another user',
      );
    }
    if (!can(user, 'read', intervention.source_id)) {
      throw PlatformError.forbidden(
        PlatformErrorCode.SourceNotReadable,
        `User cannot read source ${intervention.source_id}`,
      );
    }
    const now = this.ctx.now();
    Object.assign(intervention, { closed: true, closed_at: now, updated_at: now });
    const thread = state.thread(intervention.thread_id);
    this.ctx.emit(interventionEvent('intervention.closed', intervention, thread, userId));
    return intervention;
  }

  /**
   * SPEC reassignIntervention: `user_id` required (422 missing or unknown); [INF] 403 on a closed
   * one, 404 without read as on GET. events.md `intervention.user_updated` ("the agent of an
   * intervention is changed"): metadata user_id the new owner, top-level user_id who reassigned.
   */
  reassign(userId: string, interventionId: string, newUserId: string | undefined): InterventionRecord {
    const intervention = this.get(userId, interventionId);
    if (!newUserId) {
      throw PlatformError.invalid('user_id is required');
    }
    if (!this.ctx.state.users.has(newUserId)) {
      throw PlatformError.invalid(`Unknown user ${newUserId}`);
    }
    if (intervention.closed) {
      throw PlatformError.forbidden(
        PlatformErrorCode.InterventionAlreadyClosed,
        'Intervention is already closed',
      );
    }
    this.assign(intervention, newUserId, userId);
    return intervention;
  }

  /**
   * An agent reopens a closed intervention from the console: events.md `intervention.reopened`
   * ("… manually by an agent"), user_id the agent, who becomes its owner [INF]. [INF] 403 when it is
   * not closed, 422 when another one is open on the thread (as createIntervention).
   */
  reopenByAgent(agentId: string, interventionId: string): InterventionRecord {
    const intervention = this.get(agentId, interventionId);
    if (!intervention.closed) {
      throw PlatformError.forbidden(PlatformErrorCode.InterventionNotClosed, 'Intervention is not closed');
    }
    const thread = this.ctx.state.thread(intervention.thread_id);
    if (this.ctx.state.openInterventionOf(thread.id)) {
      throw new PlatformError(
        PlatformErrorCode.InterventionAlreadyOpened,
        422,
        `An intervention is already opened on thread ${thread.id}`,
      );
    }
    intervention.user_id = agentId;
    return this.reopen(intervention, thread, agentId);
  }

  /** The customer wrote again: the thread's latest intervention, if closed, reopens (events.md). */
  reopenOnCustomerMessage(thread: ThreadRecord): InterventionRecord | undefined {
    const latest = this.ctx.state.interventionsOf(thread.id).at(-1);
    return latest?.closed ? this.reopen(latest, thread) : undefined;
  }

  /**
   * An agent answering from the console takes the thread's task: its open intervention becomes theirs
   * (`intervention.user_updated` when that changes its owner), or one is opened for them.
   */
  takeOver(agentId: string, content: ContentRecord): InterventionRecord {
    const open = this.ctx.state.openInterventionOf(content.thread_id);
    if (!open) {
      return this.open(agentId, content.id);
    }
    if (open.user_id !== agentId) {
      this.assign(open, agentId, agentId);
    }
    return open;
  }

  private assign(intervention: InterventionRecord, ownerId: string, byUserId: string): void {
    intervention.user_id = ownerId;
    intervention.updated_at = this.ctx.now();
    const thread = this.ctx.state.thread(intervention.thread_id);
    this.ctx.emit(interventionEvent('intervention.user_updated', intervention, thread, byUserId));
  }

  private reopen(
    intervention: InterventionRecord,
    thread: ThreadRecord,
    userId?: string,
  ): InterventionRecord {
    Object.assign(intervention, { closed: false, closed_at: null, updated_at: this.ctx.now() });
    this.ctx.emit(interventionEvent('intervention.reopened', intervention, thread, userId));
    return intervention;
  }
}
