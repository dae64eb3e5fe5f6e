import { type HandoverEffectFailedEvent, HANDOVER_EVENTS } from '@handover/contracts';
import { appendToOutbox, type EffectFailure, type EffectToRun } from '@handover/event-runtime';
import { type EntityManager } from 'typeorm';

/** A platform call given up for good is published, never dropped: operators and stats see it. */
export async function publishEffectFailed<P>(
  manager: EntityManager,
  effect: EffectToRun<P>,
  failure: EffectFailure,
): Promise<void> {
  const event: HandoverEffectFailedEvent = {
    type: 'handover.effect_failed',
    event_id: `handover.effect_failed:${effect.sequenceKey}:${effect.id}`,
    thread_id: effect.sequenceKey,
    source_id: null,
    occurred_at: new Date().toISOString(),
    causation_id: effect.id,
    effect_id: effect.id,
    effect_kind: effect.kind,
    error: `${failure.code}${failure.status === undefined ? '' : ` (${failure.status})`}: ${failure.message}`,
  };
  await appendToOutbox(manager, [HANDOVER_EVENTS.record(event)]);
}
