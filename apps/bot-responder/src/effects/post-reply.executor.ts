import { EngageClient, type EngageContent } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/kafka';
import { type EntityManager } from 'typeorm';
import { publishEffectFailed } from './effect-failed.publisher';

interface PostReplyPayload {
  threadId: string;
  inReplyToId: string;
  body: string;
}

/**
 * Posts the bot's answer. `POST /1.0/contents` is not idempotent on RCED: after an attempt whose
 * outcome is unknown, the worker calls `reconcile` first, which looks for the reply in the thread.
 */
export class PostReplyExecutor implements EffectExecutor<PostReplyPayload> {
  readonly kind = 'post_reply';

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<PostReplyPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }

  constructor(private readonly client: EngageClient) {}

  async execute(effect: EffectToRun<PostReplyPayload>): Promise<Record<string, unknown>> {
    const { inReplyToId, body } = effect.payload;
    return resultOf(await this.client.createContent({ body, inReplyToId }));
  }

  async reconcile(effect: EffectToRun<PostReplyPayload>): Promise<Record<string, unknown> | undefined> {
    const { threadId, inReplyToId, body } = effect.payload;
    const reply = await this.client.findReply(threadId, inReplyToId, body);
    return reply ? resultOf(reply) : undefined;
  }
}

function resultOf(content: EngageContent): Record<string, unknown> {
  return { contentId: content.id, interventionId: content.intervention_id };
}
