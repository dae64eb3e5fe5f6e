export {
  BOT_ENGINE,
  type BotAnswer,
  type BotEngine,
  type BotTurn,
  type TurnAttachment,
  type TurnIdentity,
  type TurnMessage,
} from './bot-engine.port';
export { BotEngineError, BotEngineErrorCode } from './bot-engine.exception';
export {
  type BotEngineOptions,
  botEngineOptionsFrom,
  botLaneOptions,
  createBotEngine,
} from './bot-engine.factory';
export { type RulesBotConfig, loadRulesBotConfig } from './rules/rules-bot.config';
