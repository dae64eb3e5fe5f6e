import { IsEngageId, ToBoolean, ToInt, ToLanguageTexts } from '@handover/config';
import { type AppAndEngageConfig, loadAppAndEngageConfig } from '@handover/engage-client';
import { BotEngineEnv } from './bot-engine.env';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsString, Matches, Max, Min } from 'class-validator';

export const BOT_RESPONDER_CONFIG = Symbol('BOT_RESPONDER_CONFIG');

const DEFAULT_APOLOGIES = {
  fr: 'Désolé, je rencontre un problème technique. Pouvez-vous reformuler votre demande ?',
  en: 'Sorry, I am having a technical problem. Could you say that again?',
};

const DEFAULT_ATTACHMENT_NOTICES = {
  fr: 'Je ne sais lire que du texte : pouvez-vous m’écrire votre demande en quelques mots ?',
  en: 'I can only read text: could you write your request in a few words?',
};

export class BotResponderEnv extends BotEngineEnv {
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

  @IsString()
  @IsNotEmpty()
  BOT_DEFAULT_LANGUAGE: string = 'fr';

  /** Bot calls in flight at once, each thread one at a time: a slow bot holds these, never a partition. */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(1_000)
  BOT_CONCURRENCY: number = 200;

  /** Attempts per turn before BOT_FAILURE_POLICY applies (timeouts, 5xx and 429 are retried; refusals are not). */
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10)
  BOT_MAX_ATTEMPTS: number = 2;

  @IsIn(['handover', 'apology'], { message: 'BOT_FAILURE_POLICY must be handover or apology' })
  BOT_FAILURE_POLICY: 'handover' | 'apology' = 'handover';

  /** JSON object language → text told to the customer when the bot cannot answer and BOT_FAILURE_POLICY=apology. */
  @ToLanguageTexts()
  @IsObject({ message: 'BOT_APOLOGIES must be a JSON object of language → non-empty text' })
  BOT_APOLOGIES: Record<string, string> = DEFAULT_APOLOGIES;
}

export type BotResponderConfig = AppAndEngageConfig<BotResponderEnv>;

export function loadBotResponderConfig(env: Record<string, string | undefined>): BotResponderConfig {
  return loadAppAndEngageConfig(BotResponderEnv, env, (app) =>
    app.BOT_CATEGORY_ID === app.AGENT_CATEGORY_ID
      ? ['AGENT_CATEGORY_ID must differ from BOT_CATEGORY_ID']
      : [],
  );
}
