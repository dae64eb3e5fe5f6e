import { Controller, Get, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { findSources } from '../platform/platform.queries';
import { ApiAccessGuard } from './api-access.guard';
import { type ApiParams, booleanParam, listParam, stringParam } from './api-params.util';
import { ApiUser, Params } from './api-request.decorators';
import { type Page, paginate } from './pagination.util';
import { presentSource } from './platform.presenter';
import { ENGAGE_PLATFORM } from './simulator.tokens';

type Json = Record<string, unknown>;

@Controller('1.0/content_sources')
@UseGuards(ApiAccessGuard)
export class SourcesHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  @Get()
  list(@ApiUser() userId: string, @Params() params: ApiParams): Page<Json> {
    const found = findSources(this.platform.state, userId, {
      active: booleanParam(params, 'active'),
      permission: stringParam(params, 'permission'),
    });
    const page = paginate(found, params);
    return { ...page, records: page.records.map(presentSource) };
  }

  @Get(':id')
  show(@Param('id') id: string): Json {
    return presentSource(this.platform.state.source(id));
  }

  /**
   * SPEC updateSource. A list absent is unchanged; Rails-style, `default_category_ids[]=` (one empty
   * value) is the empty set [INF], which is how a client clears it.
   */
  @Put(':id')
  update(@Param('id') id: string, @Params() params: ApiParams): Json {
    const source = this.platform.sources.update(id, {
      name: stringParam(params, 'name'),
      active: booleanParam(params, 'active'),
      default_category_ids: listParam(params, 'default_category_ids'),
      user_thread_default_category_ids: listParam(params, 'user_thread_default_category_ids'),
    });
    return presentSource(source);
  }
}
