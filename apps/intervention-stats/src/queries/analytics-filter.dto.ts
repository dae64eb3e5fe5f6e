import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

/** Conversations are counted on the day their customer first wrote (UTC), within [from, to). */
export class AnalyticsFilterDto {
  /** ISO date or date-time; default: 30 days before `to`. */
  @ApiPropertyOptional({ description: 'ISO 8601 date or date-time, included; default: 30 days before `to`' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  /** ISO date or date-time, excluded; default: now. */
  @ApiPropertyOptional({ description: 'ISO 8601 date or date-time, excluded; default: now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({ description: 'RCED source id' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'source_id must be an RCED id' })
  source_id?: string;

  @ApiPropertyOptional({ description: 'language code of the conversation (fr, en, …)' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, { message: 'language must be a language code such as fr or en' })
  language?: string;
}

export interface AnalyticsFilter {
  from: Date;
  to: Date;
  sourceId: string | null;
  language: string | null;
}

const DAY_MS = 86_400_000;

export function analyticsFilter(dto: AnalyticsFilterDto, now: Date): AnalyticsFilter {
  const to = dto.to ? new Date(dto.to) : now;
  const from = dto.from ? new Date(dto.from) : new Date(to.getTime() - 30 * DAY_MS);
  return { from, to, sourceId: dto.source_id ?? null, language: dto.language ?? null };
}
