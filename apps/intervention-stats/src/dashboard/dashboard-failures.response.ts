import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { OpsEffectSummaryResponse, OpsParkedRecordResponse } from './ops-failure.response';

const COUNTS = { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } } as const;

export class OpsEffectsResponse {
  @ApiProperty({ type: 'integer', minimum: 0 })
  failed!: number;

  @ApiProperty({ ...COUNTS, description: 'per kind of call' })
  failedByKind!: Record<string, number>;

  @ApiProperty({ type: [OpsEffectSummaryResponse], description: 'the latest five' })
  latestFailed!: OpsEffectSummaryResponse[];
}

export class OpsParkedResponse {
  @ApiProperty({ type: 'integer', minimum: 0 })
  open!: number;

  @ApiProperty({ ...COUNTS, description: 'per consumer' })
  openByConsumer!: Record<string, number>;

  @ApiProperty({ type: [OpsParkedRecordResponse], description: 'the latest five' })
  latestOpen!: OpsParkedRecordResponse[];
}

/** An app's GET /admin/ops/summary. */
export class OpsSummaryResponse {
  @ApiProperty()
  effects!: OpsEffectsResponse;

  @ApiProperty()
  parked!: OpsParkedResponse;
}

export class AppFailuresResponse {
  @ApiProperty({ description: 'its name in OPS_API_URLS' })
  app!: string;

  @ApiProperty({ enum: [true] })
  ok!: true;

  @ApiProperty()
  summary!: OpsSummaryResponse;
}

export class AppUnreachableResponse {
  @ApiProperty({ description: 'its name in OPS_API_URLS' })
  app!: string;

  @ApiProperty({ enum: [false] })
  ok!: false;

  @ApiProperty({ description: 'why there is no summary (the app and its origin, never the token)' })
  message!: string;
}

/** GET /dashboard/failures. */
@ApiExtraModels(AppFailuresResponse, AppUnreachableResponse)
export class DashboardFailuresResponse {
  @ApiProperty({ description: 'false when OPS_API_URLS or OPS_API_TOKEN is unset (then no app)' })
  configured!: boolean;

  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [{ $ref: getSchemaPath(AppFailuresResponse) }, { $ref: getSchemaPath(AppUnreachableResponse) }],
    },
    description: 'one per app of OPS_API_URLS, in its order',
  })
  apps!: Array<AppFailuresResponse | AppUnreachableResponse>;
}
