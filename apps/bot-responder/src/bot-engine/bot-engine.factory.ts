import { type BotEngine } from './bot-engine.port';
import { RasaHttpEngine, type RasaHttpEngineOptions } from './rasa/rasa-http.engine';
import { loadRulesBotConfig } from './rules/rules-bot.config';
import { RulesBotEngine } from './rules/rules-bot.engine';

export type BotEngineOptions =
  { kind: 'rules'; rulesFile: string } | ({ kind: 'rasa' } & RasaHttpEngineOptions);

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
  }
}
