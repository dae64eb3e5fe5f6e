import { EngageClient, type EngageContent } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/kafka';
import { type EntityManager } from 'typeorm';
import { EFFECT_KINDS, type PostContentPayload } from '../routing/routing-effects';
import { publishEffectFailed } from './handover-effect-failed.publisher';

/**
 * The agent's private note and the waiting customer's notice. `POST /contents` is not idempotent:
 * after an attempt whose outcome is unknown, the worker first looks for the content in the thread.
 */
export class PostContentExecutor implements EffectExecutor<PostContentPayload> {
  readonly kind = EFFECT_KINDS.postContent;

  constructor(private readonly client: EngageClient) {}

  async execute(effect: EffectToRun<PostContentPayload>): Promise<Record<string, unknown>> {
    const { body, inReplyToId } = effect.payload;
    return resultOf(await this.client.createContent({ body, inReplyToId, private: effect.payload.private }));
  }

  async reconcile(effect: EffectToRun<PostContentPayload>): Promise<Record<string, unknown> | undefined> {
    const { threadId, inReplyToId, body } = effect.payload;
    const content = await this.client.findReply(threadId, inReplyToId, body);
    return content ? resultOf(content) : undefined;
  }

  onFailed(
    manager: EntityManager,
    effect: EffectToRun<PostContentPayload>,
    failure: EffectFailure,
  ): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }
}

function resultOf(content: EngageContent): Record<string, unknown> {
  return { contentId: content.id };
}
