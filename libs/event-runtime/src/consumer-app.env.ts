import { IsOptionalAdminTokens, ToInt } from '@handover/config';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { KafkaEnv } from '@handover/kafka';

/**
 * What every app on the consumer runtime reads besides its own settings. Each app still declares
 * PORT, DATABASE_SCHEMA and KAFKA_GROUP_ID itself: their defaults are its own.
 */
export class ConsumerAppEnv extends KafkaEnv {
  @IsString()
  @IsNotEmpty()
  HOST: string = '0.0.0.0';

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

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

  /** Processed event ids and settled effects are kept this long (the dedupe memory; RCED redelivers for hours). */
  @ToInt()
  @IsInt()
  @Min(86_400_000, { message: 'LEDGER_RETENTION_MS must be at least one day (RCED redelivers for hours)' })
  LEDGER_RETENTION_MS: number = 7 * 86_400_000;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /**
   * Named bearer tokens of the ops admin API (/admin/ops/*, internal port), `ops=<token>,dashboard=<token>`:
   * the name is the actor in ops_audit. Unset: the API is not mounted (404). Secrets, never logged.
   */
  @IsOptionalAdminTokens()
  ADMIN_TOKENS?: string = undefined;
}

/** A consumer app that also calls RCED through the effect ledger. */
export class EffectAppEnv extends ConsumerAppEnv {
  @ToInt()
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  EFFECT_LEASE_MS: number = 30_000;

  /**
   * Attempts of one platform call, the first included: the only retries there are (the client sends
   * each request once). 12, with the backoff below capped at 30 s, rides out about two minutes of
   * platform outage; the circuit breaker stops attempts from being spent while it is open.
   */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(50)
  EFFECT_MAX_ATTEMPTS: number = 12;

  /** First step of the exponential backoff between attempts (equal jitter, capped at 30 s). */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(60_000)
  EFFECT_RETRY_BASE_DELAY_MS: number = 200;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(64)
  EFFECT_CONCURRENCY: number = 8;
}
