import { BOT_THREAD_READ, type BotEvent, type BotThreadReadEvent } from '@handover/contracts';
import { ConsumedRecordContext, InvalidRecordError, KafkaController } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ReplyService } from './reply.service';

/**
 * Our own decisions coming back: skipped live (already applied), the source of truth on replay.
 * Our reads of a thread's categories are applied live too: a message waits on each.
 */
@KafkaController()
export class BotEventsKafkaController {
  constructor(private readonly replies: ReplyService) {}

  @EventPattern(['bot.replied', 'bot.resolved', 'bot.handover_requested'])
  async onBotEvent(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    await this.replies.onBotDecision(asBotEvent(value), context.batch);
  }

  @EventPattern(BOT_THREAD_READ)
  async onThreadRead(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    await this.replies.onThreadRead(asThreadRead(value), context.batch);
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

function asThreadRead(value: unknown): BotThreadReadEvent {
  const event = value as Partial<BotThreadReadEvent> | null;
  const problems: string[] = (['event_id', 'thread_id', 'content_id', 'read_at'] as const)
    .filter((field) => typeof event?.[field] !== 'string')
    .map((field) => `${field} must be a string`);
  const categories = event?.category_ids;
  if (
    categories !== null &&
    !(Array.isArray(categories) && categories.every((id) => typeof id === 'string'))
  ) {
    problems.push('category_ids must be an array of strings or null');
  }
  if (problems.length > 0) {
    throw new InvalidRecordError(problems);
  }
  return event as BotThreadReadEvent;
}
