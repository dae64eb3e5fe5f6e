import { type PlatformContext } from './platform-context';
import { interventionEvent } from './platform-events';
import { PlatformError, PlatformErrorCode } from './platform.exception';
import { type ThreadRecord } from './platform.types';
import { visible } from './source-permissions';
import { threadsCanBeClosed } from './source-types';

/** Threads: their categories, and closing and opening them. */
export class ThreadsModel {
  constructor(private readonly ctx: PlatformContext) {}

  /** SPEC getThread: 404 when the user cannot read the thread's source. */
  get(userId: string, threadId: string): ThreadRecord {
    return visible(this.ctx.state, userId, this.ctx.state.thread(threadId), 'Thread', threadId);
  }

  create(sourceId: string, title: string, categoryIds: readonly string[]): ThreadRecord {
    const now = this.ctx.now();
    const thread: ThreadRecord = {
      id: this.ctx.newId(),
      source_id: sourceId,
      title: title.slice(0, 60),
      closed: false,
      thread_category_ids: [...categoryIds],
      created_at: now,
      updated_at: now,
    };
    this.ctx.state.threads.set(thread.id, thread);
    return thread;
  }

  /**
   * The new full set (SPEC categorizeThread; 404 without read). Whoever recategorizes (the API's
   * token user, or an agent in the console) fires `intervention.recategorized` (events.md: "When
   * categories on an intervention are changed") if the thread has an open intervention [INF: RCED
   * does not document which events a thread recategorization fires].
   */
  updateCategories(userId: string, threadId: string, categoryIds: readonly string[]): ThreadRecord {
    const thread = this.get(userId, threadId);
    thread.thread_category_ids = this.ctx.state.knownCategories(categoryIds);
    thread.updated_at = this.ctx.now();
    const open = this.ctx.state.openInterventionOf(thread.id);
    if (open) {
      open.updated_at = thread.updated_at;
      this.ctx.emit(interventionEvent('intervention.recategorized', open, thread, userId));
    }
    return thread;
  }

  /**
   * SPEC closeThread: only on the source types it lists (403 otherwise), 404 without read. It starts
   * an asynchronous job: the answer is the thread as the job found it (still open); the job closes
   * it right after.
   */
  close(userId: string, threadId: string): ThreadRecord {
    const thread = this.closable(userId, threadId, 'closed');
    if (thread.closed) {
      throw PlatformError.forbidden(PlatformErrorCode.ThreadAlreadyClosed, 'Thread is already closed');
    }
    return this.runJob(thread, true);
  }

  /** SPEC openThread: the same rules as closing; the answer shows the thread still closed. */
  open(userId: string, threadId: string): ThreadRecord {
    const thread = this.closable(userId, threadId, 'opened');
    if (!thread.closed) {
      throw PlatformError.forbidden(PlatformErrorCode.ThreadAlreadyOpened, 'Thread is already opened');
    }
    return this.runJob(thread, false);
  }

  private closable(userId: string, threadId: string, verb: 'closed' | 'opened'): ThreadRecord {
    const thread = this.get(userId, threadId);
    if (!threadsCanBeClosed(this.ctx.state.source(thread.source_id).type)) {
      // [INF] identifier: RCED documents the 403, not its body.
      throw PlatformError.forbidden(PlatformErrorCode.Forbidden, `This thread cannot be ${verb}`);
    }
    return thread;
  }

  private runJob(thread: ThreadRecord, closed: boolean): ThreadRecord {
    const asStarted = { ...thread, thread_category_ids: [...thread.thread_category_ids] };
    thread.closed = closed;
    thread.updated_at = this.ctx.now();
    return asStarted;
  }
}
