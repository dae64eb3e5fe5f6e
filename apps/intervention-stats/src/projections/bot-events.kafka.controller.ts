import { type BotEvent, TOPICS } from '@handover/contracts';
import { ConsumedRecordContext, InvalidRecordError, KafkaController } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { StatsStore } from './stats.store';

/** The bot's decisions: replies, resolutions, handover requests. */
@KafkaController()
export class BotEventsKafkaController {
  @EventPattern(['bot.replied', 'bot.resolved', 'bot.handover_requested'])
  onBotEvent(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): void {
    const event = asBotEvent(value);
    const at = new Date(event.occurred_at).toISOString();
    StatsStore.of(context.batch).addBot(
      {
        type: event.type,
        threadId: event.thread_id,
        occurredAt: at,
        language: event.language,
        reason: event.type === 'bot.handover_requested' ? event.reason : null,
        fallback: event.type === 'bot.replied' && event.fallback,
      },
      {
        event_id: event.event_id,
        thread_id: event.thread_id,
        at,
        topic: TOPICS.botEvents.name,
        type: event.type,
        detail:
          event.type === 'bot.handover_requested'
            ? { content_id: event.content_id, reason: event.reason }
            : { content_id: event.content_id, intent: event.intent },
      },
    );
  }
}

function asBotEvent(value: unknown): BotEvent {
  const event = value as Partial<BotEvent> | null;
  const missing = (
    ['type', 'event_id', 'thread_id', 'content_id', 'occurred_at', 'language'] as const
  ).filter((field) => typeof event?.[field] !== 'string');
  if (missing.length > 0) {
    throw new InvalidRecordError(missing.map((field) => `${field} must be a string`));
  }
  return event as BotEvent;
}
