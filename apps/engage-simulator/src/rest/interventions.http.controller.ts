import { Controller, HttpCode, Inject, Param, Post, Put, UseGuards } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { PlatformError } from '../platform/platform.exception';
import { ApiAccessGuard } from './api-access.guard';
import { type ApiParams, stringParam } from './api-params.util';
import { ApiUser, Params } from './api-request.decorators';
import { presentIntervention } from './platform.presenter';
import { ENGAGE_PLATFORM } from './simulator.tokens';

@Controller('1.0/interventions')
@UseGuards(ApiAccessGuard)
export class InterventionsHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  @Post()
  @HttpCode(200)
  open(@ApiUser() userId: string, @Params() params: ApiParams): Record<string, unknown> {
    const contentId = stringParam(params, 'content_id');
    if (!contentId) {
      throw PlatformError.invalid('content_id is required');
    }
    return presentIntervention(this.platform.state, this.platform.openIntervention(userId, contentId));
  }

  @Put(':id/close')
  close(@ApiUser() userId: string, @Param('id') id: string): Record<string, unknown> {
    return presentIntervention(this.platform.state, this.platform.closeIntervention(userId, id));
  }
}
