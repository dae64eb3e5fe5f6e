import { THREAD_ROUTING_EVENT_TYPES, type ThreadRoutingEvent, TOPICS } from '@handover/contracts';
import { ConsumedRecordContext, InvalidRecordError, KafkaController } from '@handover/kafka';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { StatsStore } from './stats.store';

/** Handover's routing decisions: queued, handed over, returned, closed. */
@KafkaController()
export class HandoverEventsKafkaController {
  @EventPattern([...THREAD_ROUTING_EVENT_TYPES])
  onRoutingEvent(@Payload() value: unknown, @Ctx() context: ConsumedRecordContext): void {
    const event = asRoutingEvent(value);
    const at = new Date(event.occurred_at).toISOString();
    StatsStore.of(context.batch).addHandover(
      {
        type: event.type,
        threadId: event.thread_id,
        occurredAt: at,
        trigger:
          event.type === 'thread.handed_over' || event.type === 'thread.returned_to_bot'
            ? event.trigger
            : null,
        waitedMs: event.type === 'thread.handed_over' ? event.waited_ms : null,
      },
      {
        event_id: event.event_id,
        thread_id: event.thread_id,
        at,
        topic: TOPICS.handoverEvents.name,
        type: event.type,
        detail: detailOf(event),
      },
    );
  }
}

function detailOf(event: ThreadRoutingEvent): Record<string, unknown> {
  switch (event.type) {
    case 'thread.handed_over':
      return {
        trigger: event.trigger,
        reason: event.reason,
        category_ids: event.category_ids,
        waited_ms: event.waited_ms,
      };
    case 'thread.returned_to_bot':
      return { trigger: event.trigger, category_ids: event.category_ids };
    case 'handover.requested':
    case 'handover.queued':
      return { reason: event.reason };
    case 'thread.kept_with_agents':
      return { rule: event.rule };
    case 'thread.close_requested':
    case 'thread.closed':
      return { intervention_id: event.intervention_id };
    case 'handover.request_declined':
      return { reason: event.reason, content_id: event.content_id };
    case 'handover.wait_acknowledged':
      return { content_id: event.content_id };
    case 'handover.effect_failed':
      return { effect_kind: event.effect_kind, error: event.error };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function asRoutingEvent(value: unknown): ThreadRoutingEvent {
  const event = value as Partial<ThreadRoutingEvent> | null;
  const missing = (['type', 'event_id', 'thread_id', 'occurred_at'] as const).filter(
    (field) => typeof event?.[field] !== 'string',
  );
  if (missing.length > 0) {
    throw new InvalidRecordError(missing.map((field) => `${field} must be a string`));
  }
  return event as ThreadRoutingEvent;
}
