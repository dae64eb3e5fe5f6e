import { ConfigValidationError, ToBoolean, ToInt, ToList, loadConfig } from '@handover/config';
import { EngageClientEnv } from '@handover/engage-client';
import { KafkaEnv } from '@handover/kafka';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { type ReopenPolicy, type WaitingFallback } from '../routing/routing-policy';

export const HANDOVER_CONFIG = Symbol('HANDOVER_CONFIG');

const DEFAULT_WAITING_NOTICES = {
  fr: 'Tous nos conseillers sont occupés : vous êtes en file d’attente, un conseiller vous répondra dès que possible.',
  en: 'All our agents are busy: you are in the queue and an agent will answer as soon as possible.',
};

export class HandoverEnv extends KafkaEnv {
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number = 3002;

  @IsString()
  @IsNotEmpty()
  HOST: string = '0.0.0.0';

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lowercase SQL identifier' })
  DATABASE_SCHEMA: string = 'handover';

  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID: string = 'handover';

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

  @IsString()
  @IsNotEmpty({ message: 'AGENT_CATEGORY_ID must be the id of the AGENT category' })
  AGENT_CATEGORY_ID!: string;

  /** Sources where a customer waits live (chat): availability is checked before handing over. */
  @ToList()
  @IsString({ each: true })
  HANDOVER_REALTIME_SOURCE_IDS: string[] = [];

  @IsIn(['agent-first', 'bot-first', 'close-thread'], {
    message: 'HANDOVER_REOPEN_POLICY must be agent-first, bot-first or close-thread',
  })
  HANDOVER_REOPEN_POLICY: ReopenPolicy = 'agent-first';

  @ToBoolean()
  @IsBoolean()
  HANDOVER_PRIVATE_NOTE: boolean = true;

  @ToInt()
  @IsInt()
  @Min(1_000)
  HANDOVER_WAITING_TIMEOUT_MS: number = 300_000;

  @IsIn(['bot', 'agent'], { message: 'HANDOVER_WAITING_FALLBACK must be bot or agent' })
  HANDOVER_WAITING_FALLBACK: WaitingFallback = 'agent';

  /** JSON object language → text told to a customer put in the queue, e.g. {"fr":"…","en":"…"}. */
  @Transform(({ value }: { value: unknown }) => parseNotices(value))
  @IsObject({ message: 'HANDOVER_WAITING_NOTICES must be a JSON object of language → non-empty text' })
  HANDOVER_WAITING_NOTICES: Record<string, string> = DEFAULT_WAITING_NOTICES;

  @IsString()
  @IsNotEmpty()
  HANDOVER_DEFAULT_LANGUAGE: string = 'fr';

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(100)
  HANDOVER_LOOP_MAX_HANDOVERS: number = 3;

  @ToInt()
  @IsInt()
  @Min(60_000)
  HANDOVER_LOOP_WINDOW_MS: number = 86_400_000;

  /** How often WAITING threads are checked for the end of their waiting time. */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  HANDOVER_WAITING_CHECK_MS: number = 1_000;

  /** Only threads active within this time are moved when an emergency starts (RCED keeps years of threads). */
  @ToInt()
  @IsInt()
  @Min(60_000)
  EMERGENCY_LOOKBACK_MS: number = 86_400_000;

  /** This app's share of the RCED quota (500 requests/min for the whole platform). */
  @ToInt()
  @IsInt()
  @Min(1)
  ENGAGE_CALLS_PER_WINDOW: number = 300;

  @ToInt()
  @IsInt()
  @Min(1_000)
  ENGAGE_CALLS_WINDOW_MS: number = 60_000;

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

export interface HandoverConfig {
  app: Readonly<HandoverEnv>;
  engage: Readonly<EngageClientEnv>;
}

/** Both halves are validated before failing, so one start lists every bad variable. */
export function loadHandoverConfig(env: Record<string, string | undefined>): HandoverConfig {
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
  const app = attempt(() => loadConfig(HandoverEnv, env));
  const engage = attempt(() => loadConfig(EngageClientEnv, env));
  if (app && app.BOT_CATEGORY_ID === app.AGENT_CATEGORY_ID) {
    problems.push('AGENT_CATEGORY_ID must differ from BOT_CATEGORY_ID');
  }
  if (!app || !engage || problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  return { app, engage };
}

/** Invalid JSON or a non-text value becomes a non-object, which the validator reports by name. */
function parseNotices(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  try {
    const parsed: unknown = JSON.parse(value);
    const valid =
      typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed) &&
      Object.values(parsed).every((text) => typeof text === 'string' && text.trim() !== '');
    return valid ? parsed : null;
  } catch {
    return null;
  }
}
