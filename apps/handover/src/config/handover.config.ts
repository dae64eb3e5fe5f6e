import { ToBoolean, ToInt, ToList } from '@handover/config';
import { type AppAndEngageConfig, loadAppAndEngageConfig } from '@handover/engage-client';
import { EffectAppEnv } from '@handover/kafka';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsString, Matches, Max, Min } from 'class-validator';
import { type ReopenPolicy, type WaitingFallback } from '../routing/routing-policy';

export const HANDOVER_CONFIG = Symbol('HANDOVER_CONFIG');

const DEFAULT_WAITING_NOTICES = {
  fr: 'Tous nos conseillers sont occupés : vous êtes en file d’attente, un conseiller vous répondra dès que possible.',
  en: 'All our agents are busy: you are in the queue and an agent will answer as soon as possible.',
};

export class HandoverEnv extends EffectAppEnv {
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number = 3002;

  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lowercase SQL identifier' })
  DATABASE_SCHEMA: string = 'handover';

  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID: string = 'handover';

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
}

export type HandoverConfig = AppAndEngageConfig<HandoverEnv>;

export function loadHandoverConfig(env: Record<string, string | undefined>): HandoverConfig {
  return loadAppAndEngageConfig(HandoverEnv, env, (app) =>
    app.BOT_CATEGORY_ID === app.AGENT_CATEGORY_ID
      ? ['AGENT_CATEGORY_ID must differ from BOT_CATEGORY_ID']
      : [],
  );
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
