import { BOT_EFFECT_FAILED, type BotEffectFailedEvent, RECORD_HEADERS, TOPICS } from '@handover/contracts';
import { appendToOutbox, type EffectFailure, type EffectToRun } from '@handover/kafka';
import { type EntityManager } from 'typeorm';

/** A platform call given up for good is published, never dropped: operators and handover see it. */
export async function publishEffectFailed<P>(
  manager: EntityManager,
  effect: EffectToRun<P>,
  failure: EffectFailure,
): Promise<void> {
  const eventId = `${BOT_EFFECT_FAILED}:${effect.id}`;
  const event: BotEffectFailedEvent = {
    type: BOT_EFFECT_FAILED,
    event_id: eventId,
    thread_id: effect.sequenceKey,
    effect_id: effect.id,
    effect_kind: effect.kind,
    code: failure.code,
    status: failure.status ?? null,
    message: failure.message,
    attempts: failure.attempts,
  };
  await appendToOutbox(manager, [
    {
      topic: TOPICS.botEvents.name,
      key: effect.sequenceKey,
      value: JSON.stringify(event),
      headers: {
        [RECORD_HEADERS.eventType]: BOT_EFFECT_FAILED,
        [RECORD_HEADERS.eventId]: eventId,
        [RECORD_HEADERS.schemaVersion]: '1',
      },
    },
  ]);
}
