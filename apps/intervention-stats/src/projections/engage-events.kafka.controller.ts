import { engageEventThreadId, notCustomerReason, TOPICS, idOrNull } from '@handover/contracts';
import { ConsumedRecordContext, KafkaController, parseEngageEvent } from '@handover/kafka';
import { Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { INTERVENTION_STATS_CONFIG, type InterventionStatsConfig } from '../config/intervention-stats.config';
import { type InterventionInput } from './intervention-stats.evolve';
import { StatsStore } from './stats.store';

/** Customer messages and interventions, as RCED reported them. */
@KafkaController()
export class EngageEventsKafkaController {
  private readonly botUserId: string | null;

  constructor(@Inject(INTERVENTION_STATS_CONFIG) config: InterventionStatsConfig) {
    this.botUserId = config.BOT_USER_ID ?? null;
  }

  // content.replied: what agents and the bot wrote in RCED (RCED imports only what comes from the
  // source); it shows on a thread's timeline and counts as no customer message.
  @EventPattern([
    'content.imported',
    'content.replied',
    'intervention.opened',
    'intervention.reopened',
    'intervention.closed',
  ])
  onEngageEvent(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): void {
    const event = parseEngageEvent(value);
    const threadId = engageEventThreadId(event);
    if (threadId === undefined) {
      return;
    }
    const { metadata } = event.resource;
    const isContent = event.type === 'content.imported' || event.type === 'content.replied';
    const creatorId = isContent ? idOrNull(metadata.creator_id) : null;
    const notCustomer = isContent ? notCustomerReason(metadata) : null;
    const issuedAt = new Date(event.issued_at).toISOString();
    const sourceId = idOrNull(metadata.source_id ?? event.resource.source_id);
    const store = StatsStore.of(context.batch);
    store.addEngage(
      {
        type: event.type,
        threadId,
        issuedAt,
        sourceId,
        language:
          typeof metadata.language === 'string' && metadata.language !== '' ? metadata.language : null,
        fromCustomer: isContent && notCustomer === null,
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
              from: notCustomer === null ? 'customer' : creatorId === null ? 'source' : 'user',
              user_id: creatorId,
            }
          : {
              intervention_id: String(event.resource.id),
              user_id: idOrNull(metadata.user_id ?? event.resource.user_id),
            },
      },
      isContent
        ? undefined
        : {
            input: {
              type: event.type as InterventionInput['type'],
              interventionId: String(event.resource.id),
              threadId,
              sourceId,
              issuedAt,
              userId: idOrNull(event.user_id ?? metadata.user_id ?? event.resource.user_id),
            },
            botUserId: this.botUserId,
          },
    );
  }
}
