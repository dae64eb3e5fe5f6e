import { BOT_EFFECT_FAILED, type BotEffectFailedEvent, BOT_EVENTS } from '@handover/contracts';
import { appendToOutbox, type EffectFailure, type EffectToRun } from '@handover/event-runtime';
import { type EntityManager } from 'typeorm';

/** A platform call given up for good is published, never dropped: operators and handover see it. */
export async function publishEffectFailed<P>(
  manager: EntityManager,
  effect: EffectToRun<P>,
  failure: EffectFailure,
): Promise<void> {
  const event: BotEffectFailedEvent = {
    type: BOT_EFFECT_FAILED,
    event_id: `${BOT_EFFECT_FAILED}:${effect.id}`,
    thread_id: effect.sequenceKey,
    effect_id: effect.id,
    effect_kind: effect.kind,
    code: failure.code,
    status: failure.status ?? null,
    message: failure.message,
    attempts: failure.attempts,
  };
  await appendToOutbox(manager, [BOT_EVENTS.record(event)]);
}
