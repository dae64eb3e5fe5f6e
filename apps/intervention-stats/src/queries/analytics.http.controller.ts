import { ENGAGE_ID_RULE, isEngageId } from '@handover/contracts';
import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { INTERVENTION_STATS_CONFIG, type InterventionStatsConfig } from '../config/intervention-stats.config';
import { AllowedHostGuard, SupervisorGuard } from '../access/access.guards';
import { DATA_SOURCE } from '@handover/event-runtime';
import { analyticsFilter, AnalyticsFilterDto, MAX_RANGE_DAYS } from './analytics-filter.dto';
import { AnalyticsDailyResponse } from './analytics-daily.response';
import { AnalyticsInterventionsResponse } from './analytics-interventions.response';
import { AnalyticsSummaryResponse } from './analytics-summary.response';
import { AnalyticsThreadResponse } from './analytics-thread.response';
import { AnalyticsRepository } from './analytics.repository';
import {
  type AnalyticsSummary,
  dailyFigures,
  type InterventionGroup,
  interventionGroups,
  summarize,
} from './analytics.summary';
import { LiveQueryDto } from './live-query.dto';
import { LiveRepository } from './live.repository';
import { LiveResponse } from './live.response';
import { type LiveView, liveView } from './live.view';

/** Enough for a dashboard: the longest-waiting threads, and the latest switches. */
const WAITING_LISTED = 100;
const EMERGENCY_HISTORY = 10;

const FILTER_PIPE = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/**
 * The analytics API over the projection's views; metrics are defined in docs/metrics.md. For
 * supervisors only: the dashboard's session cookie, or a DASHBOARD_USERS token as bearer.
 */
@ApiTags('analytics')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Neither a dashboard session nor a DASHBOARD_USERS bearer token' })
@ApiForbiddenResponse({ description: 'The Host header is not one of DASHBOARD_ALLOWED_HOSTS' })
@ApiBadRequestResponse({
  description: `A parameter is invalid (the message names it); a range covers at most ${MAX_RANGE_DAYS} days`,
})
@Controller('analytics')
@UseGuards(AllowedHostGuard, SupervisorGuard)
export class AnalyticsHttpController {
  private readonly repository: AnalyticsRepository;
  private readonly live: LiveRepository;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(INTERVENTION_STATS_CONFIG) private readonly config: InterventionStatsConfig,
  ) {
    this.repository = new AnalyticsRepository(dataSource);
    this.live = new LiveRepository(dataSource);
  }

  @Get('summary')
  @ApiOperation({
    summary:
      'Containment, handover (by reason), no-agent, reopen and bounce-back rates; time to first bot reply, to handover, waiting time (p50/p90)',
  })
  @ApiOkResponse({ type: AnalyticsSummaryResponse })
  @UsePipes(FILTER_PIPE)
  async summary(
    @Query() query: AnalyticsFilterDto,
  ): Promise<AnalyticsSummary & { filter: Record<string, unknown> }> {
    const filter = analyticsFilter(query, new Date());
    return { filter: describe(filter), ...summarize(await this.repository.conversations(filter)) };
  }

  @Get('daily')
  @ApiOperation({
    summary: 'Per day (UTC), source and language: conversations by outcome, requests, queued, reopened',
  })
  @ApiOkResponse({ type: AnalyticsDailyResponse })
  @UsePipes(FILTER_PIPE)
  async daily(
    @Query() query: AnalyticsFilterDto,
  ): Promise<{ filter: Record<string, unknown>; days: unknown[] }> {
    const filter = analyticsFilter(query, new Date());
    return { filter: describe(filter), days: dailyFigures(await this.repository.days(filter)) };
  }

  @Get('live')
  @ApiOperation({
    summary:
      'Now: live threads by current route (BOT, WAITING, AGENT) and the waiting ones, available agents per source, ' +
      'the emergency switch in force. source_id applies to threads and agents, language to threads only; ' +
      'the emergency switch is shown whatever the filter',
  })
  @ApiOkResponse({ type: LiveResponse })
  @UsePipes(FILTER_PIPE)
  async liveState(@Query() query: LiveQueryDto): Promise<LiveView> {
    const now = new Date();
    const windowMs = query.window_ms ?? this.config.LIVE_WINDOW_MS;
    const since = new Date(now.getTime() - windowMs);
    const scope = { sourceId: query.source_id ?? null, language: query.language ?? null };
    const [routes, waiting, availability, emergency] = await Promise.all([
      this.live.routes(since, scope),
      this.live.waiting(since, scope, WAITING_LISTED),
      this.live.availability(scope.sourceId),
      this.live.emergencySwitches(EMERGENCY_HISTORY),
    ]);
    return liveView({ routes, waiting, availability, emergency }, now, windowMs);
  }

  @Get('interventions')
  @ApiOperation({
    summary:
      'Interventions opened in the range (source filter; language does not apply): by who opened and who closed them (bot, agent, unknown, or still open), reopens, duration p50/p90',
  })
  @ApiOkResponse({ type: AnalyticsInterventionsResponse })
  @UsePipes(FILTER_PIPE)
  async interventions(
    @Query() query: AnalyticsFilterDto,
  ): Promise<{ filter: Record<string, unknown>; groups: InterventionGroup[] }> {
    const filter = analyticsFilter(query, new Date());
    return {
      filter: describe(filter),
      groups: interventionGroups(await this.repository.interventions(filter)),
    };
  }

  @Get('threads/:threadId')
  @ApiOperation({ summary: 'One conversation: its statistics and its events across topics, in time order' })
  @ApiOkResponse({ type: AnalyticsThreadResponse })
  @ApiNotFoundResponse({ description: 'Nothing was projected about this thread' })
  async thread(@Param('threadId') threadId: string): Promise<{ thread: unknown; timeline: unknown[] }> {
    if (!isEngageId(threadId)) {
      throw new BadRequestException(`threadId must be ${ENGAGE_ID_RULE}`);
    }
    const [thread, timeline] = await Promise.all([
      this.repository.thread(threadId),
      this.repository.timeline(threadId),
    ]);
    if (!thread && timeline.length === 0) {
      throw new NotFoundException(`No statistics for thread ${threadId}`);
    }
    return { thread: thread ?? null, timeline };
  }
}

function describe(filter: ReturnType<typeof analyticsFilter>): Record<string, unknown> {
  return {
    from: filter.from.toISOString(),
    to: filter.to.toISOString(),
    source_id: filter.sourceId,
    language: filter.language,
  };
}
