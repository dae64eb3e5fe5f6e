import { ConsumedRecordContext, KafkaController, parseEngageEvent } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { engageFact } from './engage-fact';
import { RoutingService } from './routing.service';

/**
 * RCED's facts: categories (an agent moving a thread by hand is followed), interventions (an agent
 * closing one applies the reopen policy), customers' messages (emergency, waiting reminders).
 */
@KafkaController()
export class EngageEventsKafkaController {
  constructor(private readonly routing: RoutingService) {}

  @EventPattern([
    'content.imported',
    'intervention.opened',
    'intervention.reopened',
    'intervention.closed',
    'intervention.user_updated',
    'intervention.recategorized',
  ])
  async onEngageEvent(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    const fact = engageFact(parseEngageEvent(value));
    if (fact !== null) {
      await this.routing.onEngageFact(context.manager, fact);
    }
  }
}
