import { ApiProperty } from '@nestjs/swagger';
import { AnalyticsFilterResponse } from './analytics-filter.response';
import { type DailyFigures } from './analytics.summary';

const COUNT = { type: 'integer', minimum: 0 } as const;
const P50 = { type: 'integer', nullable: true, minimum: 0 } as const;

/** One day (UTC) × source × language; the counts are defined in docs/metrics.md. */
export class DailyFiguresResponse implements DailyFigures {
  @ApiProperty({ format: 'date', example: '2026-11-24' })
  day!: string;

  @ApiProperty({ type: String, nullable: true })
  source_id!: string | null;

  @ApiProperty({ type: String, nullable: true })
  language!: string | null;

  @ApiProperty(COUNT)
  conversations!: number;

  @ApiProperty(COUNT)
  resolved_by_bot!: number;

  @ApiProperty(COUNT)
  handed_over!: number;

  @ApiProperty(COUNT)
  waiting!: number;

  @ApiProperty(COUNT)
  with_bot!: number;

  @ApiProperty({ ...COUNT, description: 'conversations with a handover request or a handover' })
  handover_requests!: number;

  @ApiProperty({ ...COUNT, description: 'conversations ever queued for an agent' })
  queued!: number;

  @ApiProperty(COUNT)
  with_closed_intervention!: number;

  @ApiProperty(COUNT)
  reopened!: number;

  @ApiProperty(COUNT)
  bounced_back!: number;

  @ApiProperty(P50)
  first_bot_reply_p50_ms!: number | null;

  @ApiProperty(P50)
  handover_p50_ms!: number | null;
}

/** GET /analytics/daily: every day that overlaps the range, by day, source, then language. */
export class AnalyticsDailyResponse {
  @ApiProperty()
  filter!: AnalyticsFilterResponse;

  @ApiProperty({ type: [DailyFiguresResponse] })
  days!: DailyFiguresResponse[];
}
