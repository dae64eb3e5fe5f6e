import { EngageApiError, EngageClient, type EngageIntervention } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/event-runtime';
import { type EntityManager } from 'typeorm';
import { type AgentNotePayload, EFFECT_KINDS } from '../routing/routing-effects';
import { publishEffectFailed } from './handover-effect-failed.publisher';

/**
 * The handover's context for the agent (reason, bot transcript) as an intervention comment (SPEC
 * createInterventionComment): agent-only, never shown to the customer. A content, even with
 * `private=true`, would be a private message *to the customer* (ENGAGE_API.md §2.5). It goes on the
 * thread's open intervention, the one the agent who takes the task works in; with none open, one is
 * opened on the customer's message first (ADR 0008). `POST /intervention_comments` is not
 * idempotent: after an attempt whose outcome is unknown, the comment is looked for first.
 */
export class AgentNoteExecutor implements EffectExecutor<AgentNotePayload> {
  readonly kind = EFFECT_KINDS.agentNote;
  /** The open intervention, maybe one opened, then the comment. */
  readonly callsPerRun = 3;

  constructor(
    private readonly client: EngageClient,
    private readonly botUserId: string,
  ) {}

  async execute(effect: EffectToRun<AgentNotePayload>): Promise<Record<string, unknown>> {
    const { body } = effect.payload;
    const intervention = await this.interventionFor(effect);
    const comment = await this.client.createInterventionComment({
      interventionId: intervention.id,
      userId: this.botUserId,
      body,
    });
    return { commentId: comment.id, interventionId: intervention.id };
  }

  async reconcile(effect: EffectToRun<AgentNotePayload>): Promise<Record<string, unknown> | undefined> {
    const open = await this.client.openInterventionOf(effect.payload.threadId);
    const comment = open
      ? await this.client.findInterventionComment(open.id, effect.payload.body)
      : undefined;
    return comment ? { commentId: comment.id, interventionId: comment.intervention_id } : undefined;
  }

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<AgentNotePayload>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }

  private async interventionFor(effect: EffectToRun<AgentNotePayload>): Promise<EngageIntervention> {
    const open = await this.client.openInterventionOf(effect.payload.threadId);
    if (open) {
      return open;
    }
    try {
      return await this.client.createIntervention(effect.payload.contentId);
    } catch (error) {
      // Opened meanwhile (the agent engaged, or the customer's message reopened one): use that one.
      const opened =
        error instanceof EngageApiError && error.status === 422
          ? await this.client.openInterventionOf(effect.payload.threadId)
          : undefined;
      if (opened) {
        return opened;
      }
      throw error;
    }
  }
}
