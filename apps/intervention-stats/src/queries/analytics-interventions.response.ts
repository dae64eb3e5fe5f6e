import { ApiProperty } from '@nestjs/swagger';
import { AnalyticsFilterResponse } from './analytics-filter.response';
import { type InterventionGroup } from './analytics.summary';

const COUNT = { type: 'integer', minimum: 0 } as const;
const DURATION = { type: 'integer', nullable: true, minimum: 0, description: 'of the closed ones' } as const;

/** The interventions one opener opened and one closer closed (docs/metrics.md, "Interventions"). */
export class InterventionGroupResponse implements InterventionGroup {
  @ApiProperty({ enum: ['bot', 'agent', 'unknown'] })
  opened_by!: string;

  @ApiProperty({ enum: ['bot', 'agent', 'unknown', 'open'], description: 'open: never closed' })
  closed_by!: string;

  @ApiProperty(COUNT)
  count!: number;

  @ApiProperty({ ...COUNT, description: 'intervention.reopened events' })
  reopens!: number;

  @ApiProperty({ ...COUNT, description: 'interventions reopened at least once' })
  reopened!: number;

  @ApiProperty(DURATION)
  duration_p50_ms!: number | null;

  @ApiProperty(DURATION)
  duration_p90_ms!: number | null;
}

/** GET /analytics/interventions: by opener, then closer. */
export class AnalyticsInterventionsResponse {
  @ApiProperty()
  filter!: AnalyticsFilterResponse;

  @ApiProperty({ type: [InterventionGroupResponse] })
  groups!: InterventionGroupResponse[];
}
