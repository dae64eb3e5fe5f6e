import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AnalyticsFilterDto } from './analytics-filter.dto';

export const MIN_LIVE_WINDOW_MS = 60_000;
export const MAX_LIVE_WINDOW_MS = 31 * 86_400_000;

/**
 * GET /analytics/live: which threads count as live, and the source and language they are counted
 * for (validated as on the other analytics endpoints). Available agents have no language.
 */
export class LiveQueryDto extends PickType(AnalyticsFilterDto, ['source_id', 'language'] as const) {
  @ApiPropertyOptional({
    description:
      'Threads whose customer wrote, or which handover routed, within this many milliseconds count; ' +
      'default LIVE_WINDOW_MS (24 h)',
    minimum: MIN_LIVE_WINDOW_MS,
    maximum: MAX_LIVE_WINDOW_MS,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'window_ms must be an integer number of milliseconds' })
  @Min(MIN_LIVE_WINDOW_MS, { message: `window_ms must be at least ${MIN_LIVE_WINDOW_MS} (one minute)` })
  @Max(MAX_LIVE_WINDOW_MS, { message: `window_ms must be at most ${MAX_LIVE_WINDOW_MS} (31 days)` })
  window_ms?: number;
}
