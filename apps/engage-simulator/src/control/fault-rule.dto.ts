import { IsBoolean, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';

/** One fault rule, snake_case like the rest of the control API; see faults/fault-plan.ts. */
export class FaultRuleDto {
  /** `*`, or a method and a route template under /1.0: `POST /contents`, `PUT /interventions/:id/close`. */
  @Matches(/^(\*|(GET|POST|PUT|DELETE) \/\S+)$/)
  endpoint!: string;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  error_rate?: number;

  @IsOptional()
  @IsInt()
  @Min(400)
  @Max(599)
  error_status?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  rate_limit_burst?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latency_ms?: number;

  @IsOptional()
  @IsBoolean()
  hang?: boolean;

  @IsOptional()
  @IsBoolean()
  drop_after_write?: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  remaining?: number;
}
