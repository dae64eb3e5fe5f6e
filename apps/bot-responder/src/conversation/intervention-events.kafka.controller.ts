import { type EngageEvent, engageEventThreadId } from '@handover/contracts';
import { ConsumedRecordContext, KafkaController, parseEngageEvent } from '@handover/kafka';
import { Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type ReplyPolicy } from '../replies/reply.decider';
import { REPLY_POLICY } from '../runtime/runtime.tokens';
import { ThreadStore } from './thread.store';
import { evolveWithIntervention, type InterventionFact } from './thread-facts.evolve';

const INTERVENTION_EVENTS: InterventionFact['type'][] = [
  'intervention.opened',
  'intervention.reopened',
  'intervention.closed',
  'intervention.user_updated',
  'intervention.recategorized',
];

/** Who holds the thread's intervention (the bot takes it over before replying), and category changes. */
@KafkaController()
export class InterventionEventsKafkaController {
  constructor(@Inject(REPLY_POLICY) private readonly policy: ReplyPolicy) {}

  @EventPattern(INTERVENTION_EVENTS)
  async onIntervention(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    const event = parseEngageEvent(value);
    const threadId = engageEventThreadId(event);
    if (threadId === undefined) {
      return;
    }
    const threads = ThreadStore.of(context.batch);
    const fact = interventionFact(event);
    threads.setFacts(evolveWithIntervention(await threads.get(threadId), fact, this.policy.botCategoryId));
  }
}

function interventionFact(event: EngageEvent): InterventionFact {
  const { metadata } = event.resource;
  // The seed's intervention.closed sample puts category_ids on the resource, events.md in the metadata.
  const categories = metadata.category_ids ?? event.resource.category_ids;
  return {
    type: event.type as InterventionFact['type'],
    interventionId: String(event.resource.id),
    userId: typeof metadata.user_id === 'string' ? metadata.user_id : null,
    sourceId: typeof metadata.source_id === 'string' ? metadata.source_id : null,
    categoryIds: Array.isArray(categories) ? categories.map(String) : null,
    issuedAt: new Date(event.issued_at).toISOString(),
  };
}
