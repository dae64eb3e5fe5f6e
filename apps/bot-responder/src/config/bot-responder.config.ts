import { IsEngageId, ToBoolean, ToInt, ToJsonObject, ToLanguageTexts } from '@handover/config';
import { type AppAndEngageConfig, loadAppAndEngageConfig } from '@handover/engage-client';
import { EffectAppEnv } from '@handover/event-runtime';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export const BOT_RESPONDER_CONFIG = Symbol('BOT_RESPONDER_CONFIG');

const DEFAULT_ATTACHMENT_NOTICES = {
  fr: 'Je ne sais lire que du texte : pouvez-vous m’écrire votre demande en quelques mots ?',
  en: 'I can only read text: could you write your request in a few words?',
};

export class BotResponderEnv extends EffectAppEnv {
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number = 3001;

  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lowercase SQL identifier' })
  DATABASE_SCHEMA: string = 'bot_responder';

  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID: string = 'bot-responder';

  @IsEngageId('the id of the BOT category')
  BOT_CATEGORY_ID!: string;

  /** AGENT wins: a thread that holds it is the agents', even with BOT still on it. */
  @IsEngageId('the id of the AGENT category')
  AGENT_CATEGORY_ID!: string;

  /** The API token's user: interventions it holds are the bot's; it takes over an agent's before replying. */
  @IsEngageId('the id of the API token’s user')
  BOT_USER_ID!: string;

  /** JSON object language → text told to a customer whose message has only attachments. */
  @ToLanguageTexts()
  @IsObject({ message: 'BOT_ATTACHMENT_NOTICES must be a JSON object of language → non-empty text' })
  BOT_ATTACHMENT_NOTICES: Record<string, string> = DEFAULT_ATTACHMENT_NOTICES;

  @ToBoolean()
  @IsBoolean()
  BOT_OPEN_INTERVENTION_FIRST: boolean = true;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(20)
  BOT_MAX_CONSECUTIVE_FALLBACKS: number = 2;

  @IsIn(['rules', 'rasa', 'http'], { message: 'BOT_ENGINE must be rules, rasa or http' })
  BOT_ENGINE: 'rules' | 'rasa' | 'http' = 'rules';

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

  /** BOT_ENGINE=http: the team's bot, speaking docs/bot-contract.md. */
  @ValidateIf((env: BotResponderEnv) => env.BOT_ENGINE === 'http')
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'BOT_HTTP_URL must be the http(s) URL where the bot takes turns when BOT_ENGINE=http' },
  )
  BOT_HTTP_URL?: string = undefined;

  @ValidateIf((env: BotResponderEnv) => env.BOT_ENGINE === 'http')
  @IsIn(['bearer', 'hmac'], { message: 'BOT_HTTP_AUTH must be bearer or hmac when BOT_ENGINE=http' })
  BOT_HTTP_AUTH?: 'bearer' | 'hmac' = undefined;

  @ValidateIf((env: BotResponderEnv) => env.BOT_ENGINE === 'http' && env.BOT_HTTP_AUTH === 'bearer')
  @IsString({ message: 'BOT_HTTP_TOKEN must be set when BOT_HTTP_AUTH=bearer' })
  @MinLength(16, { message: 'BOT_HTTP_TOKEN must be at least 16 characters' })
  BOT_HTTP_TOKEN?: string = undefined;

  @ValidateIf((env: BotResponderEnv) => env.BOT_ENGINE === 'http' && env.BOT_HTTP_AUTH === 'hmac')
  @IsString({ message: 'BOT_HTTP_SIGNING_SECRET must be set when BOT_HTTP_AUTH=hmac' })
  @MinLength(32, { message: 'BOT_HTTP_SIGNING_SECRET must be at least 32 characters' })
  BOT_HTTP_SIGNING_SECRET?: string = undefined;

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  BOT_HTTP_TIMEOUT_MS: number = 3_000;

  /** How many lines of the conversation before a turn the bot is given (the projection keeps 20). */
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(20)
  BOT_TRANSCRIPT_LINES: number = 10;

  /** JSON object sent as every turn's `custom_fields` (docs/bot-contract.md). */
  @ToJsonObject()
  @IsObject({ message: 'BOT_CUSTOM_FIELDS must be a JSON object' })
  BOT_CUSTOM_FIELDS: Record<string, unknown> = {};

  @IsString()
  @IsNotEmpty()
  BOT_DEFAULT_LANGUAGE: string = 'fr';
}

export type BotResponderConfig = AppAndEngageConfig<BotResponderEnv>;

export function loadBotResponderConfig(env: Record<string, string | undefined>): BotResponderConfig {
  return loadAppAndEngageConfig(BotResponderEnv, env, (app) =>
    app.BOT_CATEGORY_ID === app.AGENT_CATEGORY_ID
      ? ['AGENT_CATEGORY_ID must differ from BOT_CATEGORY_ID']
      : [],
  );
}
