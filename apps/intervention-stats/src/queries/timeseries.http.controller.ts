import { Controller, Get, Inject, Query, UseGuards, UsePipes, ValidationPipe } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { DATA_SOURCE } from '@handover/event-runtime';
import { DataSource } from 'typeorm';
import { AllowedHostGuard, SupervisorGuard } from '../access/access.guards';
import { MAX_RANGE_DAYS } from './analytics-filter.dto';
import { timeseriesQuery, TimeseriesQueryDto } from './timeseries-query.dto';
import { TimeseriesRepository } from './timeseries.repository';
import { TimeseriesResponse } from './timeseries.response';

/** The time series of the dashboard's charts; protected as the rest of /analytics (supervisors only). */
@ApiTags('analytics')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Neither a dashboard session nor a DASHBOARD_USERS bearer token' })
@ApiForbiddenResponse({ description: 'The Host header is not one of DASHBOARD_ALLOWED_HOSTS' })
@Controller('analytics')
@UseGuards(AllowedHostGuard, SupervisorGuard)
export class TimeseriesHttpController {
  private readonly repository: TimeseriesRepository;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.repository = new TimeseriesRepository(dataSource);
  }

  @Get('timeseries')
  @ApiOperation({
    summary:
      'Per minute (ranges up to 24 h) or per UTC day: waiting threads and available agents at the end of each ' +
      'bucket, handover requests and bot replies in it',
  })
  @ApiOkResponse({ type: TimeseriesResponse })
  @ApiBadRequestResponse({
    description: `A parameter is invalid (the message names it); a range covers at most ${MAX_RANGE_DAYS} days, and at most 24 hours at minute resolution`,
  })
  @UsePipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }))
  async timeseries(@Query() dto: TimeseriesQueryDto): Promise<TimeseriesResponse> {
    const query = timeseriesQuery(dto, new Date());
    const rows = await this.repository.points(query);
    return {
      from: query.filter.from.toISOString(),
      to: query.filter.to.toISOString(),
      resolution: query.resolution,
      source_id: query.filter.sourceId,
      language: query.filter.language,
      points: rows.map((row) => ({ ...row, at: row.at.toISOString() })),
    };
  }
}
