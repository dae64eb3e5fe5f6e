import { ApiProperty } from '@nestjs/swagger';

/** The filter an analytics answer was computed with: the defaults filled in. */
export class AnalyticsFilterResponse {
  @ApiProperty({ format: 'date-time', description: 'included' })
  from!: string;

  @ApiProperty({ format: 'date-time', description: 'excluded' })
  to!: string;

  @ApiProperty({ type: String, nullable: true, description: 'null: every source' })
  source_id!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'null: every language' })
  language!: string | null;
}

/** p50 and p90 of a duration in milliseconds, read from its histogram; null when there is none. */
export class PercentilesResponse {
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0 })
  p50!: number | null;

  @ApiProperty({ type: 'integer', nullable: true, minimum: 0 })
  p90!: number | null;
}
