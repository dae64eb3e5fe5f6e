import { type BotEvent } from '@handover/contracts';
import { ConsumedRecordContext, InvalidRecordError, KafkaController } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ReplyService } from './reply.service';

/** Our own decisions coming back: skipped live (already applied), the source of truth on replay. */
@KafkaController()
export class BotEventsKafkaController {
  constructor(private readonly replies: ReplyService) {}

  @EventPattern(['bot.replied', 'bot.resolved', 'bot.handover_requested'])
  async onBotEvent(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    await this.replies.onBotDecision(asBotEvent(value), context.batch);
  }
}

function asBotEvent(value: unknown): BotEvent {
  const event = value as Partial<BotEvent> | null;
  const fields = ['type', 'event_id', 'thread_id', 'content_id', 'occurred_at', 'language'] as const;
  const missing = fields.filter((field) => typeof event?.[field] !== 'string');
  if (missing.length > 0) {
    throw new InvalidRecordError(missing.map((field) => `${field} must be a string`));
  }
  return event as BotEvent;
}
