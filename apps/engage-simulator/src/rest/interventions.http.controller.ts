import { Controller, Get, HttpCode, Inject, Param, Post, Put, UseGuards } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { findInterventions } from '../platform/interventions.queries';
import { PlatformError } from '../platform/platform.exception';
import { ApiAccessGuard } from './api-access.guard';
import { type ApiParams, listParam, stringParam } from './api-params.util';
import { ApiUser, Params } from './api-request.decorators';
import { type Page, paginate } from './pagination.util';
import { presentIntervention } from './platform.presenter';
import { ENGAGE_PLATFORM } from './simulator.tokens';

type Json = Record<string, unknown>;

@Controller('1.0/interventions')
@UseGuards(ApiAccessGuard)
export class InterventionsHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  @Get()
  list(@ApiUser() userId: string, @Params() params: ApiParams): Page<Json> {
    const found = findInterventions(this.platform.state, userId, {
      thread_id: stringParam(params, 'thread_id'),
      user_id: stringParam(params, 'user_id'),
      identity_ids: listParam(params, 'identity_id'),
      status: stringParam(params, 'status'),
      sort: stringParam(params, 'sort'),
    });
    const page = paginate(found, params);
    return { ...page, records: page.records.map((item) => presentIntervention(this.platform.state, item)) };
  }

  @Get(':id')
  show(@ApiUser() userId: string, @Param('id') id: string): Json {
    return presentIntervention(this.platform.state, this.platform.interventions.get(userId, id));
  }

  @Post()
  @HttpCode(200)
  open(@ApiUser() userId: string, @Params() params: ApiParams): Json {
    const contentId = stringParam(params, 'content_id');
    if (!contentId) {
      throw PlatformError.invalid('content_id is required');
    }
    return presentIntervention(this.platform.state, this.platform.interventions.open(userId, contentId));
  }

  @Put(':id/close')
  close(@ApiUser() userId: string, @Param('id') id: string): Json {
    return presentIntervention(this.platform.state, this.platform.interventions.close(userId, id));
  }

  @Put(':id/reassign')
  reassign(@ApiUser() userId: string, @Param('id') id: string, @Params() params: ApiParams): Json {
    const intervention = this.platform.interventions.reassign(userId, id, stringParam(params, 'user_id'));
    return presentIntervention(this.platform.state, intervention);
  }
}
