import { EngageEvent, engageEventThreadId } from '@handover/contracts';
import { ConsumedRecordContext, KafkaController, parseRecordValue } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ThreadStore } from './thread.store';
import { evolveWithIntervention, type InterventionFact } from './thread-facts.evolve';

/** Who holds the thread's intervention: the close effect and the handover note need it. */
@KafkaController()
export class InterventionEventsKafkaController {
  @EventPattern(['intervention.opened', 'intervention.reopened', 'intervention.closed'])
  async onIntervention(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    const event = await parseRecordValue(EngageEvent, value);
    const threadId = engageEventThreadId(event);
    if (threadId === undefined) {
      return;
    }
    const threads = ThreadStore.of(context.batch);
    threads.setFacts(evolveWithIntervention(await threads.get(threadId), interventionFact(event)));
  }
}

function interventionFact(event: EngageEvent): InterventionFact {
  const { metadata } = event.resource;
  return {
    type: event.type as InterventionFact['type'],
    interventionId: String(event.resource.id),
    userId: typeof metadata.user_id === 'string' ? metadata.user_id : null,
    sourceId: typeof metadata.source_id === 'string' ? metadata.source_id : null,
    issuedAt: new Date(event.issued_at).toISOString(),
  };
}
