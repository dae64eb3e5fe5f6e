import { Controller, Delete, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { findInterventionComments } from '../platform/interventions.queries';
import { ApiAccessGuard } from './api-access.guard';
import { type ApiParams, stringParam } from './api-params.util';
import { ApiUser, Params } from './api-request.decorators';
import { type Page, paginate } from './pagination.util';
import { presentInterventionComment } from './platform.presenter';
import { ENGAGE_PLATFORM } from './simulator.tokens';

type Json = Record<string, unknown>;

@Controller('1.0/intervention_comments')
@UseGuards(ApiAccessGuard)
export class InterventionCommentsHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  @Get()
  list(@ApiUser() userId: string, @Params() params: ApiParams): Page<Json> {
    const found = findInterventionComments(this.platform.state, userId, {
      intervention_id: stringParam(params, 'intervention_id'),
      thread_id: stringParam(params, 'thread_id'),
      user_id: stringParam(params, 'user_id'),
      identity_id: stringParam(params, 'identity_id'),
    });
    const page = paginate(found, params);
    return { ...page, records: page.records.map(presentInterventionComment) };
  }

  @Post()
  @HttpCode(200)
  create(@ApiUser() userId: string, @Params() params: ApiParams): Json {
    const comment = this.platform.comments.create(userId, {
      body: stringParam(params, 'body'),
      intervention_id: stringParam(params, 'intervention_id'),
      user_id: stringParam(params, 'user_id'),
    });
    return presentInterventionComment(comment);
  }

  @Get(':id')
  show(@ApiUser() userId: string, @Param('id') id: string): Json {
    return presentInterventionComment(this.platform.comments.get(userId, id));
  }

  @Delete(':id')
  remove(@ApiUser() userId: string, @Param('id') id: string): Json {
    return presentInterventionComment(this.platform.comments.delete(userId, id));
  }
}
