import { ConsumedRecordContext, KafkaController, parseEngageEvent } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ReplyService } from './reply.service';

@KafkaController()
export class ContentImportedKafkaController {
  constructor(private readonly replies: ReplyService) {}

  @EventPattern('content.imported')
  async onContentImported(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    const event = parseEngageEvent(value);
    await this.replies.onContentImported(event, context.batch);
  }
}
