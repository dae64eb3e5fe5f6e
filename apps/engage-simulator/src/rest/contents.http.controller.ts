import { Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { searchContents } from '../platform/platform.queries';
import { ApiAccessGuard } from './api-access.guard';
import { type ApiParams, booleanParam, stringParam } from './api-params.util';
import { ApiUser, Params } from './api-request.decorators';
import { type Page, paginate } from './pagination.util';
import { presentContent } from './platform.presenter';
import { ENGAGE_PLATFORM } from './simulator.tokens';

@Controller('1.0/contents')
@UseGuards(ApiAccessGuard)
export class ContentsHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  @Get()
  list(@Params() params: ApiParams): Page<Record<string, unknown>> {
    const page = paginate(searchContents(this.platform.state, stringParam(params, 'q')), params);
    return { ...page, records: page.records.map((content) => presentContent(this.platform.state, content)) };
  }

  @Post()
  @HttpCode(200)
  create(@ApiUser() userId: string, @Params() params: ApiParams): Record<string, unknown> {
    const content = this.platform.createContent(userId, {
      body: stringParam(params, 'body'),
      in_reply_to_id: stringParam(params, 'in_reply_to_id'),
      source_id: stringParam(params, 'source_id'),
      author_id: stringParam(params, 'author_id'),
      private: booleanParam(params, 'private'),
    });
    return presentContent(this.platform.state, content);
  }
}
