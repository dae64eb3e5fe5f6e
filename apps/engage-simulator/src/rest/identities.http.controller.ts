import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { visible } from '../platform/source-permissions';
import { ApiAccessGuard } from './api-access.guard';
import { ApiUser } from './api-request.decorators';
import { presentIdentity } from './platform.presenter';
import { ENGAGE_PLATFORM } from './simulator.tokens';

@Controller('1.0/identities')
@UseGuards(ApiAccessGuard)
export class IdentitiesHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  /**
   * SPEC getIdentity: 404 when unknown, or without read on the identity's source community ([INF]
   * the simulator has no communities: the source it was imported from; agents' identities are seen by all).
   */
  @Get(':id')
  show(@ApiUser() userId: string, @Param('id') id: string): Record<string, unknown> {
    const state = this.platform.state;
    return presentIdentity(visible(state, userId, state.identity(id), 'Identity', id));
  }
}
