import { FieldChecks } from '../topic-contract/field-checks';
import { eventRecord, ownEventParts } from '../topic-contract/event-record';
import { defineTopicContract, type TopicContract } from '../topic-contract/topic-contract';
import { TOPICS } from '../topics';
import {
  BOT_ANSWER_FAILED,
  BOT_ANSWERED,
  BOT_EFFECT_FAILED,
  BOT_EVENT_TYPES,
  BOT_EVENTS_SCHEMA_VERSION,
  BOT_THREAD_READ,
  type BotAnsweredEvent,
  type BotAnswerFailedEvent,
  type BotEffectFailedEvent,
  type BotEvent,
  type BotThreadReadEvent,
} from './bot-event';

/** Everything on bot.events.v1: the bot's decisions, its answers, and the outcomes of its platform calls. */
export type BotTopicEvent =
  BotEvent | BotThreadReadEvent | BotEffectFailedEvent | BotAnsweredEvent | BotAnswerFailedEvent;

const ANSWER_KINDS = ['reply', 'resolve', 'handover'];

/** bot.events.v1, keyed by thread id. */
export const BOT_EVENTS: TopicContract<BotTopicEvent> = defineTopicContract({
  topic: TOPICS.botEvents,
  eventTypes: [...BOT_EVENT_TYPES, BOT_THREAD_READ, BOT_EFFECT_FAILED, BOT_ANSWERED, BOT_ANSWER_FAILED],
  problems(value, eventType) {
    const checks = new FieldChecks(value).oneOf('type', [eventType]).strings('event_id', 'thread_id');
    switch (eventType) {
      case BOT_THREAD_READ:
        return checks
          .strings('content_id')
          .instants('read_at')
          .stringArray('category_ids', { nullable: true }).problems;
      case BOT_EFFECT_FAILED:
        return checks.strings('effect_id', 'effect_kind').problems;
      case BOT_ANSWERED: {
        const answer = (value as { answer?: unknown }).answer;
        const kind =
          typeof answer === 'object' && answer !== null ? (answer as { kind?: unknown }).kind : undefined;
        return checks
          .strings('turn_id')
          .stringArray('content_ids')
          .instants('answered_at')
          .check(
            'answer',
            typeof kind === 'string' && ANSWER_KINDS.includes(kind),
            `must be an answer whose kind is one of ${ANSWER_KINDS.join(', ')}`,
          ).problems;
      }
      case BOT_ANSWER_FAILED:
        return checks
          .strings('turn_id', 'code', 'message')
          .stringArray('content_ids')
          .count('attempts')
          .instants('failed_at').problems;
      case 'bot.handover_requested':
        checks.strings('reason').array('transcript');
        break;
    }
    return checks.strings('content_id', 'language').instants('occurred_at').problems;
  },
  record: (event) =>
    eventRecord(TOPICS.botEvents, BOT_EVENTS_SCHEMA_VERSION, ownEventParts(event.thread_id, event)),
});
