import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RESOLUTIONS, type Resolution } from '../projection/time-series.evolve';
import { type AnalyticsFilter, analyticsFilter, AnalyticsFilterDto } from './analytics-filter.dto';

const STEP_MS: Record<Resolution, number> = { minute: 60_000, day: 86_400_000 };
/** The longest range of minute buckets: 1,441 points at most. */
export const MAX_MINUTE_RANGE_MS = 86_400_000;

/** GET /analytics/timeseries: the analytics filter, and the buckets' size. */
export class TimeseriesQueryDto extends AnalyticsFilterDto {
  @ApiPropertyOptional({
    enum: RESOLUTIONS,
    description:
      'minute (at most 24 hours from `from` to `to`) or day (UTC days); default: minute when `to` − `from` ≤ 24 h, else day',
  })
  @IsOptional()
  @IsIn(RESOLUTIONS, { message: 'resolution must be minute or day' })
  resolution?: Resolution;
}

export interface TimeseriesQuery {
  filter: AnalyticsFilter;
  resolution: Resolution;
  /** The start of the first and of the last bucket; null when [from, to) holds none. */
  buckets: { first: Date; last: Date } | null;
}

/**
 * The filter read as every analytics endpoint reads it (its 400s), then the resolution: minute
 * over more than 24 hours is a 400 naming it. Buckets run from `from` floored to its bucket to the
 * last one that starts before `to` (excluded).
 */
export function timeseriesQuery(dto: TimeseriesQueryDto, now: Date): TimeseriesQuery {
  const filter = analyticsFilter(dto, now);
  const spanMs = filter.to.getTime() - filter.from.getTime();
  const resolution = dto.resolution ?? (spanMs <= MAX_MINUTE_RANGE_MS ? 'minute' : 'day');
  if (resolution === 'minute' && spanMs > MAX_MINUTE_RANGE_MS) {
    throw new BadRequestException([
      'resolution minute covers at most 24 hours: from must be at most 24 hours before to (or ask for resolution=day)',
    ]);
  }
  return { filter, resolution, buckets: bucketsOf(filter, resolution) };
}

function bucketsOf(filter: AnalyticsFilter, resolution: Resolution): TimeseriesQuery['buckets'] {
  const step = STEP_MS[resolution];
  const first = Math.floor(filter.from.getTime() / step) * step;
  const last = Math.ceil(filter.to.getTime() / step) * step - step;
  return last < first ? null : { first: new Date(first), last: new Date(last) };
}
