export {
  BOT_EFFECT_FAILED,
  BOT_THREAD_READ,
  BOT_EVENT_TYPES,
  BOT_EVENTS_SCHEMA_VERSION,
  type BotEffectFailedEvent,
  type BotEvent,
  type BotHandoverRequestedEvent,
  type BotRepliedEvent,
  type BotResolvedEvent,
  type BotThreadReadEvent,
  type HandoverReason,
  type TranscriptLine,
} from './bot-event';
export { BOT_EVENTS, type BotTopicEvent } from './bot-events.contract';
