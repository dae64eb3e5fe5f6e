import { ConsumedRecordContext, KafkaController, parseEngageEvent } from '@handover/kafka';
import { Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ConversationRepository } from '../conversation/conversation.repository';
import { REPLY_POLICY, RUNTIME_MODE, type RuntimeMode } from '../runtime/runtime.tokens';
import { type ReplyPolicy } from './reply.decider';

/**
 * What RCED reports written through the API (`content.replied`, events.md): a content our token's
 * user (BOT_USER_ID) created was posted as one of our identities; a content that identity authors is
 * never a customer's, even if a source imports it back without RCED's markers.
 */
@KafkaController()
export class OwnContentKafkaController {
  private readonly known = new Set<string>();

  constructor(
    @Inject(REPLY_POLICY) private readonly policy: ReplyPolicy,
    @Inject(RUNTIME_MODE) private readonly mode: RuntimeMode,
  ) {}

  @EventPattern('content.replied')
  async onContentReplied(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    const { metadata } = parseEngageEvent(value).resource;
    const authorId = typeof metadata.author_id === 'string' ? metadata.author_id : null;
    if (this.mode !== 'live' || metadata.creator_id !== this.policy.botUserId || authorId === null) {
      return;
    }
    if (!this.known.has(authorId)) {
      await new ConversationRepository(context.manager).saveOwnIdentity(authorId);
      this.known.add(authorId);
    }
  }
}
