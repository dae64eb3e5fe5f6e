import { loadConfig, ToInt } from '@handover/config';
import { KafkaEnv } from '@handover/kafka';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const INTERVENTION_STATS_CONFIG = Symbol('INTERVENTION_STATS_CONFIG');

export class InterventionStatsEnv extends KafkaEnv {
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number = 3004;

  @IsString()
  @IsNotEmpty()
  HOST: string = '0.0.0.0';

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lowercase SQL identifier' })
  DATABASE_SCHEMA: string = 'intervention_stats';

  /** The projection's version is appended (`<group>-v<version>`): a new definition reads the log anew. */
  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID: string = 'intervention-stats';

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(100)
  CONSUMER_MAX_ATTEMPTS: number = 5;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(12)
  CONSUMER_PARTITIONS_CONCURRENTLY: number = 4;

  @ToInt()
  @IsInt()
  @Min(86_400_000, { message: 'LEDGER_RETENTION_MS must be at least one day (RCED redelivers for hours)' })
  LEDGER_RETENTION_MS: number = 7 * 86_400_000;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}

export type InterventionStatsConfig = Readonly<InterventionStatsEnv>;

export function loadInterventionStatsConfig(
  env: Record<string, string | undefined>,
): InterventionStatsConfig {
  return loadConfig(InterventionStatsEnv, env);
}
