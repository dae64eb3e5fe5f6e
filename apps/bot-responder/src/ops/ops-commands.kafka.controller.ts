import { EMERGENCY_SWITCHED, EmergencySwitchedCommand } from '@handover/contracts';
import { ConsumedRecordContext, KafkaController, parseRecordValue } from '@handover/kafka';
import { Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ConversationRepository } from '../conversation/conversation.repository';

/** The emergency switch: while active in a thread's scope, the bot stays silent there. */
@KafkaController()
export class OpsCommandsKafkaController {
  private readonly logger = new Logger(OpsCommandsKafkaController.name);

  @EventPattern(EMERGENCY_SWITCHED)
  async onEmergencySwitched(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    const command = await parseRecordValue(EmergencySwitchedCommand, value);
    await new ConversationRepository(context.manager).saveEmergencySwitch({
      active: command.active,
      sourceIds: command.source_ids ?? null,
      commandId: command.command_id,
      issuedAt: new Date(command.issued_at).toISOString(),
    });
    this.logger.warn(`Emergency ${command.active ? 'on' : 'off'} by ${command.actor}: ${command.reason}`);
  }
}
