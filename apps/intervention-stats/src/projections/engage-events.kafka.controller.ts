import { EngageEvent, engageEventThreadId, TOPICS } from '@handover/contracts';
import { ConsumedRecordContext, KafkaController, parseRecordValue } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { StatsStore } from './stats.store';

/** Customer messages and interventions, as RCED reported them. */
@KafkaController()
export class EngageEventsKafkaController {
  @EventPattern(['content.imported', 'intervention.opened', 'intervention.reopened', 'intervention.closed'])
  async onEngageEvent(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    const event = await parseRecordValue(EngageEvent, value);
    const threadId = engageEventThreadId(event);
    if (threadId === undefined) {
      return;
    }
    const { metadata } = event.resource;
    const isContent = event.type === 'content.imported';
    const creatorId = isContent ? idOrNull(metadata.creator_id) : null;
    const issuedAt = new Date(event.issued_at).toISOString();
    StatsStore.of(context.batch).addEngage(
      {
        type: event.type,
        threadId,
        issuedAt,
        sourceId: idOrNull(metadata.source_id ?? event.resource.source_id),
        language:
          typeof metadata.language === 'string' && metadata.language !== '' ? metadata.language : null,
        creatorId,
      },
      {
        event_id: String(event.id),
        thread_id: threadId,
        at: issuedAt,
        topic: TOPICS.engageEvents.name,
        type: event.type,
        detail: isContent
          ? {
              content_id: String(event.resource.id),
              from: creatorId === null ? 'customer' : 'user',
              user_id: creatorId,
            }
          : {
              intervention_id: String(event.resource.id),
              user_id: idOrNull(metadata.user_id ?? event.resource.user_id),
            },
      },
    );
  }
}

function idOrNull(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
