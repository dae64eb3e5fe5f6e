import { Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { searchContents } from '../platform/platform.queries';
import { ApiAccessGuard } from './api-access.guard';
import { type ApiParams, booleanParam, listParam, stringParam } from './api-params.util';
import { ApiUser, Params } from './api-request.decorators';
import { type Page, paginate } from './pagination.util';
import { presentContent } from './platform.presenter';
import { ENGAGE_PLATFORM } from './simulator.tokens';

type Json = Record<string, unknown>;

@Controller('1.0/contents')
@UseGuards(ApiAccessGuard)
export class ContentsHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  @Get()
  list(@ApiUser() userId: string, @Params() params: ApiParams): Page<Json> {
    const page = paginate(searchContents(this.platform.state, userId, stringParam(params, 'q')), params);
    return { ...page, records: page.records.map((content) => presentContent(this.platform.state, content)) };
  }

  @Get(':id')
  show(@ApiUser() userId: string, @Param('id') id: string): Json {
    return presentContent(this.platform.state, this.platform.contents.get(userId, id));
  }

  /** `to` is a string (SMS, WhatsApp, messaging) unless sent as `to[]` (or a JSON array): email's list. */
  @Post()
  @HttpCode(200)
  create(@ApiUser() userId: string, @Params() params: ApiParams): Json {
    const content = this.platform.contents.create(userId, {
      body: stringParam(params, 'body'),
      in_reply_to_id: stringParam(params, 'in_reply_to_id'),
      source_id: stringParam(params, 'source_id'),
      author_id: stringParam(params, 'author_id'),
      private: booleanParam(params, 'private'),
      title: stringParam(params, 'title'),
      to: Array.isArray(params.to) ? listParam(params, 'to') : stringParam(params, 'to'),
      cc: listParam(params, 'cc'),
      bcc: listParam(params, 'bcc'),
      attachment_ids: listParam(params, 'attachment_ids'),
      auto_submitted: booleanParam(params, 'auto_submitted'),
    });
    return presentContent(this.platform.state, content);
  }
}
