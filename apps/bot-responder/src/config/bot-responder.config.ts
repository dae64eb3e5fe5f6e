import { ConfigValidationError, ToBoolean, ToInt, loadConfig } from '@handover/config';
import { EngageClientEnv } from '@handover/engage-client';
import { KafkaEnv } from '@handover/kafka';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

export const BOT_RESPONDER_CONFIG = Symbol('BOT_RESPONDER_CONFIG');

export class BotResponderEnv extends KafkaEnv {
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number = 3001;

  @IsString()
  @IsNotEmpty()
  HOST: string = '0.0.0.0';

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lowercase SQL identifier' })
  DATABASE_SCHEMA: string = 'bot_responder';

  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID: string = 'bot-responder';

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

  @IsString()
  @IsNotEmpty({ message: 'BOT_CATEGORY_ID must be the id of the BOT category' })
  BOT_CATEGORY_ID!: string;

  @ToBoolean()
  @IsBoolean()
  BOT_OPEN_INTERVENTION_FIRST: boolean = true;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(20)
  BOT_MAX_CONSECUTIVE_FALLBACKS: number = 2;

  @IsIn(['rules', 'rasa'], { message: 'BOT_ENGINE must be rules or rasa' })
  BOT_ENGINE: 'rules' | 'rasa' = 'rules';

  @IsString()
  @IsNotEmpty()
  BOT_RULES_FILE: string = 'apps/bot-responder/config/bot-rules.yaml';

  @ValidateIf((env: BotResponderEnv) => env.BOT_ENGINE === 'rasa')
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'BOT_RASA_URL must be the http(s) URL of the REST channel when BOT_ENGINE=rasa' },
  )
  BOT_RASA_URL?: string = undefined;

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  BOT_RASA_TIMEOUT_MS: number = 3_000;

  @IsString()
  @IsNotEmpty()
  BOT_DEFAULT_LANGUAGE: string = 'fr';

  @ToInt()
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  EFFECT_LEASE_MS: number = 30_000;

  /** Processed event ids and settled effects are kept this long (the dedupe memory; RCED redelivers for hours). */
  @ToInt()
  @IsInt()
  @Min(86_400_000, { message: 'LEDGER_RETENTION_MS must be at least one day (RCED redelivers for hours)' })
  LEDGER_RETENTION_MS: number = 7 * 86_400_000;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(50)
  EFFECT_MAX_ATTEMPTS: number = 8;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(64)
  EFFECT_CONCURRENCY: number = 8;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}

export interface BotResponderConfig {
  app: Readonly<BotResponderEnv>;
  engage: Readonly<EngageClientEnv>;
}

/** Both halves are validated before failing, so one start lists every bad variable. */
export function loadBotResponderConfig(env: Record<string, string | undefined>): BotResponderConfig {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (error instanceof ConfigValidationError) {
        problems.push(...error.problems);
        return undefined;
      }
      throw error;
    }
  };
  const app = attempt(() => loadConfig(BotResponderEnv, env));
  const engage = attempt(() => loadConfig(EngageClientEnv, env));
  if (!app || !engage) {
    throw new ConfigValidationError(problems);
  }
  return { app, engage };
}
