import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AllowedHostGuard, SupervisorGuard } from '../access/access.guards';
import { DashboardNamesResponse } from './dashboard-names.response';
import { PLATFORM_NAMES, type PlatformNamesCache, type PlatformNamesView } from './platform-names.cache';

/** The names the dashboard shows for RCED's source and category ids (the ids stay on hover). */
@ApiTags('dashboard')
@Controller('dashboard/names')
@UseGuards(AllowedHostGuard, SupervisorGuard)
export class DashboardNamesHttpController {
  constructor(@Inject(PLATFORM_NAMES) private readonly cache: PlatformNamesCache) {}

  @Get()
  @ApiOperation({
    summary:
      'The names of RCED sources and categories (GET /1.0/content_sources, GET /1.0/categories), cached for ' +
      'ten minutes; answers at once with what is known, older names when RCED fails',
  })
  @ApiOkResponse({ type: DashboardNamesResponse })
  @ApiUnauthorizedResponse({ description: 'Not signed in (session cookie or bearer token)' })
  names(): PlatformNamesView {
    return this.cache.view();
  }
}
