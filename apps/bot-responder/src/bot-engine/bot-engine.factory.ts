import { type BotResponderEnv } from '../config/bot-responder.config';
import { type BotEngine } from './bot-engine.port';
import { HttpBotEngine, type HttpBotEngineOptions } from './http/http-bot.engine';
import { RasaHttpEngine, type RasaHttpEngineOptions } from './rasa/rasa-http.engine';
import { loadRulesBotConfig } from './rules/rules-bot.config';
import { RulesBotEngine } from './rules/rules-bot.engine';

export type BotEngineOptions =
  | { kind: 'rules'; rulesFile: string }
  | ({ kind: 'rasa' } & RasaHttpEngineOptions)
  | ({ kind: 'http' } & HttpBotEngineOptions);

/** Builds the configured engine; a bad rules file or URL fails here, at startup. */
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
  }
}
