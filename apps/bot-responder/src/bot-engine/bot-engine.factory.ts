import { readFileSync } from 'node:fs';
import { type EffectWorkerOptions } from '@handover/event-runtime';
import { type BotResponderEnv } from '../config/bot-responder.config';
import { type BotEngine } from './bot-engine.port';
import { DialogflowCxEngine, type DialogflowCxEngineOptions } from './dialogflow-cx/dialogflow-cx.engine';
import { DirectLineEngine, type DirectLineEngineOptions } from './directline/directline.engine';
import { OpenAiBotEngine, type OpenAiBotEngineOptions } from './openai/openai-bot.engine';
import { HttpBotEngine, type HttpBotEngineOptions } from './http/http-bot.engine';
import { RasaHttpEngine, type RasaHttpEngineOptions } from './rasa/rasa-http.engine';
import { loadRulesBotConfig } from './rules/rules-bot.config';
import { RulesBotEngine } from './rules/rules-bot.engine';

export type BotEngineOptions =
  | { kind: 'rules'; rulesFile: string }
  | ({ kind: 'rasa' } & RasaHttpEngineOptions)
  | ({ kind: 'http' } & HttpBotEngineOptions)
  | ({ kind: 'openai' } & OpenAiBotEngineOptions)
  | ({ kind: 'directline' } & DirectLineEngineOptions)
  | ({ kind: 'dialogflow-cx' } & DialogflowCxEngineOptions);

/** Builds the configured engine; a bad rules file, key file or URL fails here, at startup. */
export function createBotEngine(options: BotEngineOptions): BotEngine {
  switch (options.kind) {
    case 'rules':
      return new RulesBotEngine(loadRulesBotConfig(options.rulesFile));
    case 'rasa':
      return new RasaHttpEngine({
        url: options.url,
        timeoutMs: options.timeoutMs,
        defaultLanguage: options.defaultLanguage,
      });
    case 'http':
      return new HttpBotEngine(options);
    case 'openai':
      return new OpenAiBotEngine(options);
    case 'directline':
      return new DirectLineEngine(options);
    case 'dialogflow-cx':
      return new DialogflowCxEngine(options);
  }
}

/** The engine BOT_ENGINE names, with its variables (validated by BotResponderEnv). */
export function botEngineOptionsFrom(app: BotResponderEnv): BotEngineOptions {
  switch (app.BOT_ENGINE) {
    case 'rules':
      return { kind: 'rules', rulesFile: app.BOT_RULES_FILE };
    case 'rasa':
      return {
        kind: 'rasa',
        url: app.BOT_RASA_URL ?? '',
        timeoutMs: app.BOT_RASA_TIMEOUT_MS,
        defaultLanguage: app.BOT_DEFAULT_LANGUAGE,
      };
    case 'http':
      return {
        kind: 'http',
        url: app.BOT_HTTP_URL ?? '',
        auth:
          app.BOT_HTTP_AUTH === 'bearer'
            ? { kind: 'bearer', token: app.BOT_HTTP_TOKEN ?? '' }
            : { kind: 'hmac', secret: app.BOT_HTTP_SIGNING_SECRET ?? '' },
        timeoutMs: app.BOT_HTTP_TIMEOUT_MS,
        defaultLanguage: app.BOT_DEFAULT_LANGUAGE,
        customFields: app.BOT_CUSTOM_FIELDS,
        transcriptLines: app.BOT_TRANSCRIPT_LINES,
      };
    case 'openai':
      return {
        kind: 'openai',
        baseUrl: app.BOT_OPENAI_BASE_URL,
        apiKey: app.BOT_OPENAI_API_KEY ?? '',
        model: app.BOT_OPENAI_MODEL ?? '',
        systemPrompt: readSystemPrompt(app.BOT_OPENAI_SYSTEM_PROMPT_FILE),
        timeoutMs: app.BOT_OPENAI_TIMEOUT_MS,
        maxAnswerChars: app.BOT_OPENAI_MAX_ANSWER_CHARS,
        ...(app.BOT_OPENAI_TEMPERATURE === undefined ? {} : { temperature: app.BOT_OPENAI_TEMPERATURE }),
        defaultLanguage: app.BOT_DEFAULT_LANGUAGE,
        transcriptLines: app.BOT_TRANSCRIPT_LINES,
      };
    case 'directline':
      return {
        kind: 'directline',
        endpoint: app.BOT_DIRECTLINE_ENDPOINT,
        secret: app.BOT_DIRECTLINE_SECRET ?? '',
        timeoutMs: app.BOT_DIRECTLINE_TIMEOUT_MS,
        pollIntervalMs: app.BOT_DIRECTLINE_POLL_INTERVAL_MS,
        defaultLanguage: app.BOT_DEFAULT_LANGUAGE,
      };
    case 'dialogflow-cx':
      return {
        kind: 'dialogflow-cx',
        project: app.BOT_DIALOGFLOW_PROJECT ?? '',
        location: app.BOT_DIALOGFLOW_LOCATION ?? '',
        agent: app.BOT_DIALOGFLOW_AGENT ?? '',
        ...(app.BOT_DIALOGFLOW_ENVIRONMENT ? { environment: app.BOT_DIALOGFLOW_ENVIRONMENT } : {}),
        ...(app.BOT_DIALOGFLOW_ENDPOINT ? { endpoint: app.BOT_DIALOGFLOW_ENDPOINT } : {}),
        credentialsFile: app.BOT_DIALOGFLOW_CREDENTIALS_FILE ?? '',
        timeoutMs: app.BOT_DIALOGFLOW_TIMEOUT_MS,
        defaultLanguage: app.BOT_DEFAULT_LANGUAGE,
      };
  }
}

function readSystemPrompt(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const { code } = error as { code?: unknown };
    const reason = typeof code === 'string' ? code : 'unreadable';
    throw new Error(`BOT_OPENAI_SYSTEM_PROMPT_FILE: cannot read ${file} (${reason})`);
  }
}

/** How long one call may take: the rules answer at once, the others within their timeout. */
function engineTimeoutMs(options: BotEngineOptions): number {
  if (options.kind === 'rules') {
    return 1_000;
  }
  // Dialogflow's timeout is per call, and a turn may take two: the token, then detectIntent.
  return options.kind === 'dialogflow-cx' ? 2 * options.timeoutMs : options.timeoutMs;
}

/**
 * The bot's lane of effects: its own concurrency and attempts, and a lease that outlives the
 * slowest call, so that a turn is asked again only after a crash, never while its call still runs.
 */
export function botLaneOptions(app: BotResponderEnv, engine: BotEngineOptions): EffectWorkerOptions {
  return {
    concurrency: app.BOT_CONCURRENCY,
    maxAttempts: app.BOT_MAX_ATTEMPTS,
    baseDelayMs: 500,
    maxDelayMs: 10_000,
    leaseMs: engineTimeoutMs(engine) + 10_000,
    circuitFailureThreshold: 5,
    circuitCooldownMs: 10_000,
  };
}
