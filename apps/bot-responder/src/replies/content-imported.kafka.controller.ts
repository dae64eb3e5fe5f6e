import { EngageEvent } from '@handover/contracts';
import { ConsumedRecordContext } from '@handover/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { parseRecordValue } from '../runtime/parse-record-value.util';
import { ReplyService } from './reply.service';

@Controller()
export class ContentImportedKafkaController {
  constructor(private readonly replies: ReplyService) {}

  @EventPattern('content.imported')
  async onContentImported(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): Promise<void> {
    const event = await parseRecordValue(EngageEvent, value);
    await this.replies.onContentImported(event, context.manager);
  }
}
