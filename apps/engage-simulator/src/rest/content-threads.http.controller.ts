import { Controller, Get, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { EngagePlatform } from '../platform/engage-platform.model';
import { ApiAccessGuard } from './api-access.guard';
import { type ApiParams, listParam } from './api-params.util';
import { ApiUser, Params } from './api-request.decorators';
import { presentThread } from './platform.presenter';
import { ENGAGE_PLATFORM } from './simulator.tokens';

type Json = Record<string, unknown>;

@Controller('1.0/content_threads')
@UseGuards(ApiAccessGuard)
export class ContentThreadsHttpController {
  constructor(@Inject(ENGAGE_PLATFORM) private readonly platform: EngagePlatform) {}

  @Get(':id')
  show(@ApiUser() userId: string, @Param('id') id: string): Json {
    return presentThread(this.platform.state, this.platform.threads.get(userId, id));
  }

  /** `thread_category_ids[]` is the new full set; absent means "no categories" (§2.6). */
  @Put(':id/update_categories')
  updateCategories(@ApiUser() userId: string, @Param('id') id: string, @Params() params: ApiParams): Json {
    const categoryIds = listParam(params, 'thread_category_ids') ?? [];
    return presentThread(
      this.platform.state,
      this.platform.threads.updateCategories(userId, id, categoryIds),
    );
  }

  @Put(':id/close')
  close(@ApiUser() userId: string, @Param('id') id: string): Json {
    return presentThread(this.platform.state, this.platform.threads.close(userId, id));
  }

  /** SPEC openThread documents GET; [INF] PUT, like close, is accepted too. */
  @Get(':id/open')
  openByGet(@ApiUser() userId: string, @Param('id') id: string): Json {
    return this.open(userId, id);
  }

  @Put(':id/open')
  open(@ApiUser() userId: string, @Param('id') id: string): Json {
    return presentThread(this.platform.state, this.platform.threads.open(userId, id));
  }
}
