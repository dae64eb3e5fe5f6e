import { Controller, Get, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { ApiAccessGuard } from './api-access.guard';
import { type ApiParams, listParam } from './api-params.util';
import { Params } from './api-request.decorators';
import { presentThread } from './platform.presenter';
import { ENGAGE_PLATFORM } from './simulator.tokens';

@Controller('1.0/content_threads')
@UseGuards(ApiAccessGuard)
export class ContentThreadsHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  @Get(':id')
  show(@Param('id') id: string): Record<string, unknown> {
    return presentThread(this.platform.state, this.platform.state.thread(id));
  }

  /** `thread_category_ids[]` is the new full set; absent means "no categories" (§2.6). */
  @Put(':id/update_categories')
  updateCategories(@Param('id') id: string, @Params() params: ApiParams): Record<string, unknown> {
    const thread = this.platform.updateThreadCategories(id, listParam(params, 'thread_category_ids') ?? []);
    return presentThread(this.platform.state, thread);
  }

  @Put(':id/close')
  close(@Param('id') id: string): Record<string, unknown> {
    return presentThread(this.platform.state, this.platform.closeThread(id));
  }
}
