import { ToInt, ToJsonObject, ToList, ToNumber } from '@handover/config';
import { EffectAppEnv } from '@handover/event-runtime';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export const BOT_ENGINES = ['rules', 'rasa', 'http', 'openai', 'directline', 'dialogflow-cx'] as const;
export type BotEngineName = (typeof BOT_ENGINES)[number];

const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const GOOGLE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const engine =
  (name: BotEngineName) =>
  (env: BotEngineEnv): boolean =>
    env.BOT_ENGINE === name;

/** Which bot answers, and each engine's variables (docs/bot-engines/, docs/bot-contract.md). */
export class BotEngineEnv extends EffectAppEnv {
  @IsIn(BOT_ENGINES, { message: `BOT_ENGINE must be one of ${BOT_ENGINES.join(', ')}` })
  BOT_ENGINE: BotEngineName = 'rules';

  @IsString()
  @IsNotEmpty()
  BOT_RULES_FILE: string = 'apps/bot-responder/config/bot-rules.yaml';

  @ValidateIf((env: BotEngineEnv) => env.BOT_ENGINE === 'rasa')
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
  @ValidateIf((env: BotEngineEnv) => env.BOT_ENGINE === 'http')
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'BOT_HTTP_URL must be the http(s) URL where the bot takes turns when BOT_ENGINE=http' },
  )
  BOT_HTTP_URL?: string = undefined;

  @ValidateIf((env: BotEngineEnv) => env.BOT_ENGINE === 'http')
  @IsIn(['bearer', 'hmac'], { message: 'BOT_HTTP_AUTH must be bearer or hmac when BOT_ENGINE=http' })
  BOT_HTTP_AUTH?: 'bearer' | 'hmac' = undefined;

  @ValidateIf((env: BotEngineEnv) => env.BOT_ENGINE === 'http' && env.BOT_HTTP_AUTH === 'bearer')
  @IsString({ message: 'BOT_HTTP_TOKEN must be set when BOT_HTTP_AUTH=bearer' })
  @MinLength(16, { message: 'BOT_HTTP_TOKEN must be at least 16 characters' })
  BOT_HTTP_TOKEN?: string = undefined;

  @ValidateIf((env: BotEngineEnv) => env.BOT_ENGINE === 'http' && env.BOT_HTTP_AUTH === 'hmac')
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

  /**
   * What bot-responder reads from RCED for the http bot's turn (docs/bot-contract.md): `identity`
   * (one call per customer per 10 min), `attachments` (one per message that has some); `none`.
   * Each read is a platform call within the shared quota.
   */
  @ToList()
  @IsIn(['identity', 'attachments', 'none'], {
    each: true,
    message: 'BOT_HTTP_TURN_CONTEXT must list identity, attachments, or be none',
  })
  BOT_HTTP_TURN_CONTEXT: Array<'identity' | 'attachments' | 'none'> = ['identity', 'attachments'];

  /** BOT_ENGINE=openai: any OpenAI-compatible chat-completions server (docs/bot-engines/openai.md). */
  @ValidateIf(engine('openai'))
  @IsUrl(HTTP_URL, { message: 'BOT_OPENAI_BASE_URL must be the http(s) URL of the API, up to its version' })
  BOT_OPENAI_BASE_URL: string = 'https://api.openai.com/v1';

  @ValidateIf(engine('openai'))
  @IsString({ message: 'BOT_OPENAI_API_KEY must be set when BOT_ENGINE=openai' })
  @IsNotEmpty({ message: 'BOT_OPENAI_API_KEY must be set when BOT_ENGINE=openai' })
  BOT_OPENAI_API_KEY?: string = undefined;

  @ValidateIf(engine('openai'))
  @IsString({ message: 'BOT_OPENAI_MODEL must be set when BOT_ENGINE=openai' })
  @IsNotEmpty({ message: 'BOT_OPENAI_MODEL must be set when BOT_ENGINE=openai' })
  BOT_OPENAI_MODEL?: string = undefined;

  @IsString()
  @IsNotEmpty()
  BOT_OPENAI_SYSTEM_PROMPT_FILE: string = 'apps/bot-responder/config/openai-system-prompt.txt';

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  BOT_OPENAI_TIMEOUT_MS: number = 10_000;

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(4_000)
  BOT_OPENAI_MAX_ANSWER_CHARS: number = 1_000;

  @IsOptional()
  @ToNumber()
  @IsNumber({}, { message: 'BOT_OPENAI_TEMPERATURE must be a number from 0 to 2' })
  @Min(0)
  @Max(2)
  BOT_OPENAI_TEMPERATURE?: number = undefined;

  /** BOT_ENGINE=directline: Bot Framework Direct Line 3.0 (docs/bot-engines/directline.md). */
  @ValidateIf(engine('directline'))
  @IsString({ message: 'BOT_DIRECTLINE_SECRET must be set when BOT_ENGINE=directline' })
  @IsNotEmpty({ message: 'BOT_DIRECTLINE_SECRET must be set when BOT_ENGINE=directline' })
  BOT_DIRECTLINE_SECRET?: string = undefined;

  @IsUrl(HTTP_URL, { message: 'BOT_DIRECTLINE_ENDPOINT must be an http(s) URL' })
  BOT_DIRECTLINE_ENDPOINT: string = 'https://directline.botframework.com';

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  BOT_DIRECTLINE_TIMEOUT_MS: number = 10_000;

  @ToInt()
  @IsInt()
  @Min(50)
  @Max(5_000)
  BOT_DIRECTLINE_POLL_INTERVAL_MS: number = 250;

  /** BOT_ENGINE=dialogflow-cx: Dialogflow CX detectIntent (docs/bot-engines/dialogflow-cx.md). */
  @ValidateIf(engine('dialogflow-cx'))
  @Matches(GOOGLE_ID, { message: 'BOT_DIALOGFLOW_PROJECT must be the Google Cloud project id' })
  BOT_DIALOGFLOW_PROJECT?: string = undefined;

  @ValidateIf(engine('dialogflow-cx'))
  @Matches(GOOGLE_ID, {
    message: 'BOT_DIALOGFLOW_LOCATION must be the agent’s region (europe-west1…) or global',
  })
  BOT_DIALOGFLOW_LOCATION?: string = undefined;

  @ValidateIf(engine('dialogflow-cx'))
  @Matches(GOOGLE_ID, { message: 'BOT_DIALOGFLOW_AGENT must be the agent’s id' })
  BOT_DIALOGFLOW_AGENT?: string = undefined;

  @IsOptional()
  @Matches(GOOGLE_ID, { message: 'BOT_DIALOGFLOW_ENVIRONMENT must be an environment’s id' })
  BOT_DIALOGFLOW_ENVIRONMENT?: string = undefined;

  @ValidateIf(engine('dialogflow-cx'))
  @IsString({ message: 'BOT_DIALOGFLOW_CREDENTIALS_FILE must be the path of the service account’s JSON key' })
  @IsNotEmpty({
    message: 'BOT_DIALOGFLOW_CREDENTIALS_FILE must be the path of the service account’s JSON key',
  })
  BOT_DIALOGFLOW_CREDENTIALS_FILE?: string = undefined;

  @IsOptional()
  @IsUrl(HTTP_URL, { message: 'BOT_DIALOGFLOW_ENDPOINT must be an http(s) URL' })
  BOT_DIALOGFLOW_ENDPOINT?: string = undefined;

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  BOT_DIALOGFLOW_TIMEOUT_MS: number = 3_000;
}
