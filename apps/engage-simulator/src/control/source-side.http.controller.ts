import { randomBytes } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post, UseGuards, UsePipes } from '@nestjs/common';
import { SIMULATOR_CONFIG, type SimulatorConfig } from '../config/simulator.config';
import { EngagePlatform } from '../platform/engage-platform.model';
import { type WebhookEnvelope } from '../webhooks/webhook-delivery';
import { presentContent } from '../rest/platform.presenter';
import { ENGAGE_PLATFORM } from '../rest/simulator.tokens';
import { CustomerMessageDto } from './control.dto';
import { ControlTokenGuard } from './control-token.guard';
import { controlValidationPipe } from './control-validation.pipe';
import { SourceImportDto } from './source-import.dto';

type Json = Record<string, unknown>;

/** What arrives from the synchronized sources: customers' messages and the source's own posts. */
@Controller('_control')
@UseGuards(ControlTokenGuard)
@UsePipes(controlValidationPipe())
export class SourceSideHttpController {
  constructor(
    @Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  @Post('customer-messages')
  @HttpCode(200)
  customerMessage(@Body() message: CustomerMessageDto): Json | WebhookEnvelope {
    const { state } = this.platform;
    const before = state.outbox.length;
    const content = this.platform.contents.receiveCustomerMessage(message);
    if (message.deliver !== false) {
      return presentContent(state, content);
    }
    const events = state.outbox.slice(before);
    for (const event of events) {
      state.handDelivered.add(event.id);
    }
    return { id: randomBytes(12).toString('hex'), domain_id: this.config.SIMULATOR_DOMAIN_ID, events };
  }

  /** A brand post or welcome message the source imports (content.imported, no creator). */
  @Post('source-imports')
  @HttpCode(200)
  sourceImport(@Body() item: SourceImportDto): Json {
    return presentContent(this.platform.state, this.platform.contents.importFromSource(item));
  }
}
