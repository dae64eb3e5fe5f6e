import { EMERGENCY_SWITCHED, EmergencySwitchedCommand } from '@handover/contracts';
import { ConsumedRecordContext, KafkaController, parseRecordValue } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RoutingService } from '../handover/routing.service';

/** The emergency switch (seed "Emergency Handover"): every BOT and WAITING thread in scope goes to agents. */
@KafkaController()
export class OpsCommandsKafkaController {
  constructor(private readonly routing: RoutingService) {}

  @EventPattern(EMERGENCY_SWITCHED)
  async onEmergencySwitched(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    await this.routing.onEmergencySwitched(
      context.manager,
      await parseRecordValue(EmergencySwitchedCommand, value),
    );
  }
}
