import {
  AVAILABILITY_EVENT_TYPES,
  AVAILABILITY_EVENTS,
  type AvailabilityEvent,
  BOT_EVENT_TYPES,
  BOT_EVENTS,
  type BotEvent,
  EMERGENCY_EVENT_TYPES,
  type EmergencyEvent,
  ENGAGE_EVENTS,
  type EngageEvent,
  engageEventThreadId,
  HANDOVER_EVENTS,
  idOrNull,
  notCustomerReason,
  THREAD_ROUTING_EVENT_TYPES,
  type ThreadRoutingEvent,
  TOPICS,
} from '@handover/contracts';
import { type AnyEventHandler, type EventHandler } from '@handover/event-runtime';
import { type InterventionInput } from './intervention-stats.evolve';
import { StatsRepository } from './stats.repository';

/**
 * Customer messages and interventions, as RCED reported them. content.replied: what agents and the
 * bot wrote in RCED (RCED imports only what comes from the source); it shows on a thread's timeline
 * and counts as no customer message.
 */
function engageProjector(botUserId: string | null): EventHandler<EngageEvent> {
  return {
    name: 'engage statistics',
    contract: ENGAGE_EVENTS,
    types: [
      'content.imported',
      'content.replied',
      'intervention.opened',
      'intervention.reopened',
      'intervention.closed',
    ],
    handle(event, { batch }) {
      const threadId = engageEventThreadId(event);
      if (threadId === undefined) {
        return;
      }
      const { metadata } = event.resource;
      const isContent = event.type === 'content.imported' || event.type === 'content.replied';
      const creatorId = isContent ? idOrNull(metadata.creator_id) : null;
      const notCustomer = isContent ? notCustomerReason(metadata) : null;
      const issuedAt = new Date(event.issued_at).toISOString();
      const sourceId = idOrNull(metadata.source_id ?? event.resource.source_id);
      const store = StatsRepository.of(batch);
      store.addEngage(
        {
          type: event.type,
          threadId,
          issuedAt,
          sourceId,
          language:
            typeof metadata.language === 'string' && metadata.language !== '' ? metadata.language : null,
          fromCustomer: isContent && notCustomer === null,
        },
        {
          event_id: String(event.id),
          thread_id: threadId,
          at: issuedAt,
          topic: TOPICS.engageEvents.name,
          type: event.type,
          detail: isContent
            ? {
                content_id: String(event.resource.id),
                from: notCustomer === null ? 'customer' : creatorId === null ? 'source' : 'user',
                user_id: creatorId,
              }
            : {
                intervention_id: String(event.resource.id),
                user_id: idOrNull(metadata.user_id ?? event.resource.user_id),
              },
        },
        isContent
          ? undefined
          : {
              input: {
                type: event.type as InterventionInput['type'],
                interventionId: String(event.resource.id),
                threadId,
                sourceId,
                issuedAt,
                userId: idOrNull(event.user_id ?? metadata.user_id ?? event.resource.user_id),
              },
              botUserId: botUserId,
            },
      );
    },
  };
}

/** The bot's decisions: replies, resolutions, handover requests. */
const botProjector: EventHandler<BotEvent> = {
  name: 'bot statistics',
  contract: BOT_EVENTS,
  types: BOT_EVENT_TYPES,
  handle(event, { batch }) {
    const at = new Date(event.occurred_at).toISOString();
    StatsRepository.of(batch).addBot(
      {
        type: event.type,
        threadId: event.thread_id,
        occurredAt: at,
        language: event.language,
        reason: event.type === 'bot.handover_requested' ? event.reason : null,
        fallback: event.type === 'bot.replied' && event.fallback,
      },
      {
        event_id: event.event_id,
        thread_id: event.thread_id,
        at,
        topic: TOPICS.botEvents.name,
        type: event.type,
        detail:
          event.type === 'bot.handover_requested'
            ? { content_id: event.content_id, reason: event.reason }
            : { content_id: event.content_id, intent: event.intent },
      },
      { type: event.type, occurredAt: at, sourceId: event.source_id, language: event.language },
    );
  },
};

/** Handover's routing decisions: queued, handed over, returned, closed. */
const routingProjector: EventHandler<ThreadRoutingEvent> = {
  name: 'routing statistics',
  contract: HANDOVER_EVENTS,
  types: THREAD_ROUTING_EVENT_TYPES,
  handle(event, { batch }) {
    const at = new Date(event.occurred_at).toISOString();
    StatsRepository.of(batch).addHandover(
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
      {
        type: event.type,
        occurredAt: at,
        sourceId: event.source_id,
        language: 'language' in event ? event.language : null,
      },
    );
  },
};

/** The emergency switches handover applied (on handover.events.v1, keyed "emergency"). */
const emergencyProjector: EventHandler<EmergencyEvent> = {
  name: 'emergency statistics',
  contract: HANDOVER_EVENTS,
  types: EMERGENCY_EVENT_TYPES,
  handle(event, { batch }) {
    StatsRepository.of(batch).addEmergency({
      eventId: event.event_id,
      commandId: event.command_id,
      active: event.type === 'emergency.activated',
      sourceIds: event.source_ids === null ? null : [...event.source_ids],
      reason: event.reason,
      actor: event.actor,
      occurredAt: new Date(event.occurred_at).toISOString(),
      threadsInScope: event.threads_in_scope ?? 0,
    });
  },
};

/** What availability-poller saw per source: the dashboard's availability panel. */
const availabilityProjector: EventHandler<AvailabilityEvent> = {
  name: 'availability statistics',
  contract: AVAILABILITY_EVENTS,
  types: AVAILABILITY_EVENT_TYPES,
  handle(event, { batch }) {
    StatsRepository.of(batch).addAvailability({
      sourceId: event.source_id,
      channelId: event.channel_id,
      availableAgents: event.available_agents,
      agentIds: [...event.agent_ids],
      observedAt: new Date(event.occurred_at).toISOString(),
      eventId: event.event_id,
    });
  },
};

/** Every projector of the statistics: they only fold into the batch's StatsRepository (no await per record). */
export function statsProjectors(botUserId: string | null): readonly AnyEventHandler[] {
  return [
    engageProjector(botUserId),
    botProjector,
    routingProjector,
    emergencyProjector,
    availabilityProjector,
  ];
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
