import { type ReplyFields } from '@handover/contracts';
import { EngageClient, type EngageContent } from '@handover/engage-client';
import { type EffectExecutor, type EffectFailure, type EffectToRun } from '@handover/event-runtime';
import { type EntityManager } from 'typeorm';
import { type PostReplyPayload } from '../replies/reply.decider';
import { publishEffectFailed } from './effect-failed.publisher';

/** Before replies carried their target (private flag, email recipients), a payload had only these. */
interface LegacyPostReplyPayload {
  threadId: string;
  inReplyToId: string;
  body: string;
}

type Payload = PostReplyPayload | LegacyPostReplyPayload;

/**
 * Posts the bot's answer as the source needs it (docs/replies-per-source.md). `POST /1.0/contents`
 * is not idempotent on RCED: after an attempt whose outcome is unknown, the worker calls `reconcile`
 * first, which looks for the reply in the thread.
 */
export class PostReplyExecutor implements EffectExecutor<Payload> {
  readonly kind = 'post_reply';

  constructor(private readonly client: EngageClient) {}

  async execute(effect: EffectToRun<Payload>): Promise<Record<string, unknown>> {
    return resultOf(await this.client.createContent(await this.fieldsOf(effect.payload)));
  }

  async reconcile(effect: EffectToRun<Payload>): Promise<Record<string, unknown> | undefined> {
    const fields = await this.fieldsOf(effect.payload);
    const reply = await this.client.findReply(effect.payload.threadId, fields.inReplyToId, fields.body);
    return reply ? resultOf(reply) : undefined;
  }

  onFailed(manager: EntityManager, effect: EffectToRun<Payload>, failure: EffectFailure): Promise<void> {
    return publishEffectFailed(manager, effect, failure);
  }

  private fieldsOf(payload: Payload): Promise<ReplyFields> {
    return 'target' in payload
      ? this.client.replyFieldsFor(payload.target, payload.body)
      : Promise.resolve({ inReplyToId: payload.inReplyToId, body: payload.body });
  }
}

function resultOf(content: EngageContent): Record<string, unknown> {
  return { contentId: content.id, interventionId: content.intervention_id };
}
