import { parseInstant } from '@handover/contracts';
import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

/** The longest range one query may cover: a year and a month of days (each day is computed). */
export const MAX_RANGE_DAYS = 400;
const DAY_MS = 86_400_000;
const DEFAULT_RANGE_DAYS = 30;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_RULE =
  'an RFC 3339 date-time (2026-11-24T10:00:00Z, with Z or an offset) or a UTC date (2026-11-24)';

/** Conversations are counted on the day their customer first wrote (UTC), within [from, to). */
export class AnalyticsFilterDto {
  @ApiPropertyOptional({
    description: `${INSTANT_RULE}, included; default: ${DEFAULT_RANGE_DAYS} days before \`to\`; at most ${MAX_RANGE_DAYS} days before \`to\``,
  })
  @IsOptional()
  @IsString({ message: 'from must be given once' })
  from?: string;

  @ApiPropertyOptional({ description: `${INSTANT_RULE}, excluded; default: now` })
  @IsOptional()
  @IsString({ message: 'to must be given once' })
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

/**
 * The filter a query runs with, read by the parser of our dates (parseInstant): what is checked is
 * what is used. A range backwards or longer than MAX_RANGE_DAYS is a 400 naming the parameter.
 */
export function analyticsFilter(dto: AnalyticsFilterDto, now: Date): AnalyticsFilter {
  const to = dto.to === undefined ? now : rangeBound(dto.to);
  const from = dto.from === undefined ? undefined : rangeBound(dto.from);
  const problems = [
    ...(dto.from !== undefined && from === undefined ? [`from must be ${INSTANT_RULE}`] : []),
    ...(to === undefined ? [`to must be ${INSTANT_RULE}`] : []),
  ];
  if (to === undefined || problems.length > 0) {
    throw new BadRequestException(problems);
  }
  const start = from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (start.getTime() > to.getTime()) {
    throw new BadRequestException(['from must not be after to']);
  }
  if (to.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw new BadRequestException([`from must be at most ${MAX_RANGE_DAYS} days before to`]);
  }
  return { from: start, to, sourceId: dto.source_id ?? null, language: dto.language ?? null };
}

/** A date alone is that day's midnight UTC. */
function rangeBound(value: string): Date | undefined {
  return parseInstant(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
}
