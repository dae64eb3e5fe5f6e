import { type BotHandoverRequestedEvent } from '@handover/contracts';
import { ConsumedRecordContext, InvalidRecordError, KafkaController } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RoutingService } from './routing.service';

/** The bot gives up on a conversation: handover decides where it goes (seed "Case 2"). */
@KafkaController()
export class BotEventsKafkaController {
  constructor(private readonly routing: RoutingService) {}

  @EventPattern('bot.handover_requested')
  async onHandoverRequested(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    await this.routing.onHandoverRequested(context.manager, asHandoverRequest(value));
  }
}

function asHandoverRequest(value: unknown): BotHandoverRequestedEvent {
  const event = value as Partial<BotHandoverRequestedEvent> | null;
  const fields = ['event_id', 'thread_id', 'content_id', 'occurred_at', 'language', 'reason'] as const;
  const problems: string[] = fields
    .filter((field) => typeof event?.[field] !== 'string')
    .map((field) => `${field} must be a string`);
  if (!Array.isArray(event?.transcript)) {
    problems.push('transcript must be an array');
  }
  if (problems.length > 0) {
    throw new InvalidRecordError(problems);
  }
  return event as BotHandoverRequestedEvent;
}
