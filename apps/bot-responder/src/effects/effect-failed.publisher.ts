import { RECORD_HEADERS, TOPICS } from '@handover/contracts';
import { appendToOutbox, type EffectFailure, type EffectToRun } from '@handover/kafka';
import { type EntityManager } from 'typeorm';

/** A platform call given up for good is published, never dropped: operators and handover see it. */
export async function publishEffectFailed<P>(
  manager: EntityManager,
  effect: EffectToRun<P>,
  failure: EffectFailure,
): Promise<void> {
  const eventId = `bot.effect_failed:${effect.id}`;
  await appendToOutbox(manager, [
    {
      topic: TOPICS.botEvents.name,
      key: effect.sequenceKey,
      value: JSON.stringify({
        type: 'bot.effect_failed',
        event_id: eventId,
        thread_id: effect.sequenceKey,
        effect_id: effect.id,
        effect_kind: effect.kind,
        code: failure.code,
        status: failure.status ?? null,
        message: failure.message,
        attempts: failure.attempts,
      }),
      headers: {
        [RECORD_HEADERS.eventType]: 'bot.effect_failed',
        [RECORD_HEADERS.eventId]: eventId,
        [RECORD_HEADERS.schemaVersion]: '1',
      },
    },
  ]);
}
