import { ToInt, ToList } from '@handover/config';
import { type AppAndEngageConfig, loadAppAndEngageConfig } from '@handover/engage-client';
import { KafkaEnv } from '@handover/kafka';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

export const AVAILABILITY_POLLER_CONFIG = Symbol('AVAILABILITY_POLLER_CONFIG');

const DAY_MS = 24 * 60 * 60 * 1000;

export class AvailabilityPollerEnv extends KafkaEnv {
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number = 3003;

  @IsString()
  @IsNotEmpty()
  HOST: string = '0.0.0.0';

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lowercase SQL identifier' })
  DATABASE_SCHEMA: string = 'availability_poller';

  /** Agents allowed to take handed-over threads hold this category, or are in AGENT_TEAM_ID, or both. */
  @ValidateIf((env: AvailabilityPollerEnv) => env.AGENT_TEAM_ID === undefined)
  @IsString()
  @IsNotEmpty({
    message: 'AGENT_CATEGORY_ID must be set when AGENT_TEAM_ID is not (at least one is required)',
  })
  AGENT_CATEGORY_ID?: string = undefined;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  AGENT_TEAM_ID?: string = undefined;

  @ToList()
  @ArrayNotEmpty({ message: 'AVAILABILITY_SOURCE_IDS must list the ids of the sources to watch' })
  @ArrayUnique({ message: 'AVAILABILITY_SOURCE_IDS must not repeat a source id' })
  @IsString({ each: true })
  AVAILABILITY_SOURCE_IDS!: string[];

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  AVAILABILITY_POLL_MS: number = 15_000;

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(DAY_MS)
  AVAILABILITY_SNAPSHOT_MS: number = 300_000;

  @ToInt()
  @IsInt()
  @Min(1_000)
  @Max(30 * DAY_MS)
  AGENT_CACHE_TTL_MS: number = DAY_MS;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}

export type AvailabilityPollerConfig = AppAndEngageConfig<AvailabilityPollerEnv>;

export function loadAvailabilityPollerConfig(
  env: Record<string, string | undefined>,
): AvailabilityPollerConfig {
  return loadAppAndEngageConfig(AvailabilityPollerEnv, env);
}
