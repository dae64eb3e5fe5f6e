import { type PlatformContext } from './platform-context';
import { PlatformError } from './platform.exception';
import { type InterventionCommentRecord } from './platform.types';
import { visible } from './source-permissions';

export interface NewInterventionComment {
  body?: string;
  intervention_id?: string;
  user_id?: string;
}

/**
 * Agents-only notes on an intervention (SPEC createInterventionComment, getInterventionComment,
 * deleteInterventionComment). A comment is never a content: it reaches no customer and fires no event.
 */
export class InterventionCommentsModel {
  constructor(private readonly ctx: PlatformContext) {}

  /**
   * `body`, `intervention_id` and `user_id` are all mandatory (422 naming the missing one; 422 for an
   * unknown user); 404 for an unknown intervention or one whose source the user cannot read. "It
   * creates comment as token's user": the comment's user is the token's, whatever `user_id` says.
   */
  create(userId: string, params: NewInterventionComment): InterventionCommentRecord {
    const state = this.ctx.state;
    for (const name of ['body', 'intervention_id', 'user_id'] as const) {
      if (!params[name]) {
        throw PlatformError.invalid(`${name} is required`);
      }
    }
    const interventionId = params.intervention_id ?? '';
    const intervention = visible(
      state,
      userId,
      state.intervention(interventionId),
      'Intervention',
      interventionId,
    );
    if (!state.users.has(params.user_id ?? '')) {
      throw PlatformError.invalid(`Unknown user ${params.user_id}`);
    }
    const now = this.ctx.now();
    const comment: InterventionCommentRecord = {
      id: this.ctx.newId(),
      source_id: intervention.source_id,
      intervention_id: intervention.id,
      thread_id: intervention.thread_id,
      user_id: userId,
      body: params.body ?? '',
      created_at: now,
      updated_at: now,
    };
    state.comments.set(comment.id, comment);
    return comment;
  }

  get(userId: string, commentId: string): InterventionCommentRecord {
    const state = this.ctx.state;
    return visible(state, userId, state.comment(commentId), 'Intervention comment', commentId);
  }

  /** "It renders comment itself." */
  delete(userId: string, commentId: string): InterventionCommentRecord {
    const comment = this.get(userId, commentId);
    this.ctx.state.comments.delete(comment.id);
    return comment;
  }
}
