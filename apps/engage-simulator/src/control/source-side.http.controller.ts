import { Body, Controller, HttpCode, Inject, Post, UseGuards, UsePipes } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
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
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  @Post('customer-messages')
  @HttpCode(200)
  customerMessage(@Body() message: CustomerMessageDto): Json {
    return presentContent(this.platform.state, this.platform.contents.receiveCustomerMessage(message));
  }

  /** A brand post or welcome message the source imports (content.imported, no creator). */
  @Post('source-imports')
  @HttpCode(200)
  sourceImport(@Body() item: SourceImportDto): Json {
    return presentContent(this.platform.state, this.platform.contents.importFromSource(item));
  }
}
