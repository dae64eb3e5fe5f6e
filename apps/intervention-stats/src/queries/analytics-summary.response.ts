import { ApiProperty } from '@nestjs/swagger';
import { AnalyticsFilterResponse, PercentilesResponse } from './analytics-filter.response';
import { type AnalyticsSummary } from './analytics.summary';

const RATE = { minimum: 0, maximum: 1 } as const;

export class OutcomeFigureResponse {
  @ApiProperty({ type: 'integer', minimum: 0 })
  count!: number;

  @ApiProperty({ ...RATE, description: 'count / conversations' })
  rate!: number;
}

/** One outcome per conversation: their counts add up to `conversations`, their rates to exactly 1. */
export class OutcomesResponse implements Record<keyof AnalyticsSummary['outcomes'], OutcomeFigureResponse> {
  @ApiProperty()
  resolved_by_bot!: OutcomeFigureResponse;

  @ApiProperty()
  handed_over!: OutcomeFigureResponse;

  @ApiProperty()
  waiting!: OutcomeFigureResponse;

  @ApiProperty()
  with_bot!: OutcomeFigureResponse;
}

/** GET /analytics/summary; every figure is defined in docs/metrics.md. */
export class AnalyticsSummaryResponse implements AnalyticsSummary {
  @ApiProperty()
  filter!: AnalyticsFilterResponse;

  @ApiProperty({ type: 'integer', minimum: 0 })
  conversations!: number;

  @ApiProperty()
  outcomes!: OutcomesResponse;

  @ApiProperty(RATE)
  containment_rate!: number;

  @ApiProperty(RATE)
  handover_rate!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number', ...RATE },
    description:
      'handed-over conversations of each reason (explicit, fallbacks, intent, bot_error, emergency, unknown) ' +
      '/ conversations, the highest first; they add up to handover_rate',
  })
  handover_rate_by_reason!: Record<string, number>;

  @ApiProperty(RATE)
  no_agent_rate!: number;

  @ApiProperty(RATE)
  reopen_rate!: number;

  @ApiProperty(RATE)
  bounce_back_rate!: number;

  @ApiProperty()
  time_to_first_bot_reply_ms!: PercentilesResponse;

  @ApiProperty()
  time_to_handover_ms!: PercentilesResponse;

  @ApiProperty()
  waiting_time_ms!: PercentilesResponse;
}
