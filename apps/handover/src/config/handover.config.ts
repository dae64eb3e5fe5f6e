import { IsEngageId, ToBoolean, ToInt, ToLanguageTexts, ToList } from '@handover/config';
import { type AppAndEngageConfig, loadAppAndEngageConfig } from '@handover/engage-client';
import { EffectAppEnv } from '@handover/event-runtime';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsString, Matches, Max, Min } from 'class-validator';
import { type ReopenPolicy, type WaitingFallback } from '../routing/routing-policy';

export const HANDOVER_CONFIG = Symbol('HANDOVER_CONFIG');

const DEFAULT_WAITING_NOTICES = {
  fr: 'Tous nos conseillers sont occupés : vous êtes en file d’attente, un conseiller vous répondra dès que possible.',
  en: 'All our agents are busy: you are in the queue and an agent will answer as soon as possible.',
};

const DEFAULT_STILL_WAITING_NOTICES = {
  fr: 'Vous êtes toujours en file d’attente : un conseiller vous répondra dès que possible.',
  en: 'You are still in the queue: an agent will answer as soon as possible.',
};

const DEFAULT_OFFLINE_NOTICES = {
  fr: 'Aucun conseiller n’est disponible pour le moment : votre demande leur est transmise, ils vous répondront dès leur retour.',
  en: 'No agent is available right now: your request has been passed on and they will answer as soon as they are back.',
};

const DEFAULT_BOT_RETURN_NOTICES = {
  fr: 'C’est noté, je reprends la conversation. Que puis-je faire pour vous ?',
  en: 'Noted, I am taking the conversation back. How can I help you?',
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

  @IsEngageId('the id of the BOT category')
  BOT_CATEGORY_ID!: string;

  @IsEngageId('the id of the AGENT category')
  AGENT_CATEGORY_ID!: string;

  /** The API token's user: its interventions are the bot's (their close never returns a thread to it). */
  @IsEngageId('the id of the API token’s user')
  BOT_USER_ID!: string;

  /** Sources where a customer waits live (chat): availability is checked before handing over. */
  @ToList()
  @IsString({ each: true })
  HANDOVER_REALTIME_SOURCE_IDS: string[] = [];

  @IsIn(['agent-first', 'bot-first', 'close-thread'], {
    message: 'HANDOVER_REOPEN_POLICY must be agent-first, bot-first or close-thread',
  })
  HANDOVER_REOPEN_POLICY: ReopenPolicy = 'agent-first';

  /** An intervention comment for the agent (reason, bot transcript) at each handover: agent-only. */
  @ToBoolean()
  @IsBoolean()
  HANDOVER_AGENT_NOTE: boolean = true;

  @ToInt()
  @IsInt()
  @Min(1_000)
  HANDOVER_WAITING_TIMEOUT_MS: number = 300_000;

  @IsIn(['bot', 'agent'], { message: 'HANDOVER_WAITING_FALLBACK must be bot or agent' })
  HANDOVER_WAITING_FALLBACK: WaitingFallback = 'agent';

  /** JSON object language → text told to a customer put in the queue, e.g. {"fr":"…","en":"…"}. */
  @ToLanguageTexts()
  @IsObject({ message: 'HANDOVER_WAITING_NOTICES must be a JSON object of language → non-empty text' })
  HANDOVER_WAITING_NOTICES: Record<string, string> = DEFAULT_WAITING_NOTICES;

  /** Told to a waiting customer who writes again, at most once per HANDOVER_WAITING_REMINDER_MS. */
  @ToLanguageTexts()
  @IsObject({ message: 'HANDOVER_STILL_WAITING_NOTICES must be a JSON object of language → non-empty text' })
  HANDOVER_STILL_WAITING_NOTICES: Record<string, string> = DEFAULT_STILL_WAITING_NOTICES;

  /** 0: a waiting customer who writes again is never told again. */
  @ToInt()
  @IsInt()
  @Min(0)
  HANDOVER_WAITING_REMINDER_MS: number = 60_000;

  /** Told to a customer the `agent` fallback hands over while no agent is available (outside hours…). */
  @ToLanguageTexts()
  @IsObject({ message: 'HANDOVER_OFFLINE_NOTICES must be a JSON object of language → non-empty text' })
  HANDOVER_OFFLINE_NOTICES: Record<string, string> = DEFAULT_OFFLINE_NOTICES;

  /** A waiting customer may ask for the bot back (HANDOVER_BOT_KEYWORDS). */
  @ToBoolean()
  @IsBoolean()
  HANDOVER_BOT_RETURN: boolean = true;

  /** The words that, alone in a waiting customer's message, take them back to the bot. */
  @ToList()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  HANDOVER_BOT_KEYWORDS: string[] = ['bot', 'robot'];

  /** Told to a waiting customer who asked for the bot back. */
  @ToLanguageTexts()
  @IsObject({ message: 'HANDOVER_BOT_RETURN_NOTICES must be a JSON object of language → non-empty text' })
  HANDOVER_BOT_RETURN_NOTICES: Record<string, string> = DEFAULT_BOT_RETURN_NOTICES;

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

  /** Emergency moves queued at a time: the sweep adds more as they are made, so normal handovers never wait long. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(1_000)
  HANDOVER_EMERGENCY_MOVES_IN_FLIGHT: number = 10;
}

export type HandoverConfig = AppAndEngageConfig<HandoverEnv>;

export function loadHandoverConfig(env: Record<string, string | undefined>): HandoverConfig {
  return loadAppAndEngageConfig(HandoverEnv, env, (app) => [
    ...(app.BOT_CATEGORY_ID === app.AGENT_CATEGORY_ID
      ? ['AGENT_CATEGORY_ID must differ from BOT_CATEGORY_ID']
      : []),
    // Renamed: the note was a private content, which RCED sends to the customer; it is now an agent-only comment.
    ...(env.HANDOVER_PRIVATE_NOTE === undefined
      ? []
      : ['HANDOVER_PRIVATE_NOTE was renamed HANDOVER_AGENT_NOTE (the note is now an intervention comment)']),
  ]);
}
