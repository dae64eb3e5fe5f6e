import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { type AgentStatusView, agentStatuses, findCategories, findUsers } from '../platform/platform.queries';
import { ApiAccessGuard } from './api-access.guard';
import { type ApiParams, stringParam } from './api-params.util';
import { Params } from './api-request.decorators';
import { type Page, paginate } from './pagination.util';
import { presentCategory, presentChannel, presentUser } from './platform.presenter';
import { ENGAGE_PLATFORM } from './simulator.tokens';

type Json = Record<string, unknown>;

/** Read-only lookups: agents' status, users, categories, channels. */
@Controller('1.0')
@UseGuards(ApiAccessGuard)
export class DirectoryHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  @Get('status')
  status(): AgentStatusView[] {
    return agentStatuses(this.platform.state);
  }

  @Get('users')
  users(@Params() params: ApiParams): Page<Json> {
    const filter = {
      category_id: stringParam(params, 'category_id'),
      team_id: stringParam(params, 'team_id'),
    };
    const page = paginate(findUsers(this.platform.state, filter), params);
    return { ...page, records: page.records.map(presentUser) };
  }

  /** SPEC getAllCategories (`ids`, `parent_id`). */
  @Get('categories')
  categories(@Params() params: ApiParams): Page<Json> {
    const found = findCategories(this.platform.state, {
      ids: stringParam(params, 'ids'),
      parent_id: stringParam(params, 'parent_id'),
    });
    const page = paginate(found, params);
    return { ...page, records: page.records.map(presentCategory) };
  }

  /** SPEC getCategory: 404 for an unknown id. */
  @Get('categories/:id')
  category(@Param('id') id: string): Json {
    return presentCategory(this.platform.state.category(id));
  }

  @Get('channels')
  channels(@Params() params: ApiParams): Page<Json> {
    const page = paginate([...this.platform.state.channels.values()], params);
    return { ...page, records: page.records.map((channel) => presentChannel(this.platform.state, channel)) };
  }
}
