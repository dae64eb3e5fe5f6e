import {
  AVAILABILITY_EVENT_TYPES,
  AVAILABILITY_EVENTS,
  type AvailabilityEvent,
  BOT_EVENTS,
  type BotHandoverRequestedEvent,
  EMERGENCY_SWITCHED,
  type EmergencySwitchedCommand,
  ENGAGE_EVENTS,
  type EngageEvent,
  HANDOVER_EVENTS,
  OPS_COMMANDS,
  THREAD_ROUTING_EVENT_TYPES,
  type ThreadRoutingEvent,
} from '@handover/contracts';
import { type AnyEventHandler, type EventContext, type EventHandler } from '@handover/event-runtime';
import { type ThreadFacts } from '../routing/routing-state';
import { engageFact } from './engage-fact';
import { type RoutingService } from './routing.service';

/** RCED's facts routing follows: categories, interventions, customers' messages (seed "Case 2"). */
const ENGAGE_TYPES = [
  'content.imported',
  'intervention.opened',
  'intervention.reopened',
  'intervention.closed',
  'intervention.user_updated',
  'intervention.recategorized',
];

/**
 * What a projector learnt while applying a record that the record's reactor needs (the facts it
 * replaced, whether the fact was new): kept for the batch, by record, so that the reactor, which
 * runs after it in the same transaction, decides from the state before the record as it was.
 */
function notes<T>(context: EventContext, kind: string): Map<string, T> {
  return context.batch.memo(`handover.${kind}`, () => new Map<string, T>());
}

function recordKey({ record }: EventContext): string {
  return `${record.topic}/${record.partition}@${record.offset}`;
}

export interface RoutingHandlers {
  projectors: readonly AnyEventHandler[];
  reactors: readonly AnyEventHandler[];
  ownDecisions: readonly AnyEventHandler[];
}

export function routingHandlers(routing: RoutingService): RoutingHandlers {
  const engageFacts: EventHandler<EngageEvent> = {
    name: 'engage facts',
    contract: ENGAGE_EVENTS,
    types: ENGAGE_TYPES,
    async handle(event, context) {
      const fact = engageFact(event);
      if (fact !== null) {
        notes<ThreadFacts>(context, 'factsBefore').set(
          recordKey(context),
          await routing.projectEngageFact(context.manager, fact),
        );
      }
    },
  };
  const availability: EventHandler<AvailabilityEvent> = {
    name: 'availability',
    contract: AVAILABILITY_EVENTS,
    types: AVAILABILITY_EVENT_TYPES,
    async handle(event, context) {
      if (await routing.projectAvailability(context.manager, event)) {
        notes<true>(context, 'freshAvailability').set(recordKey(context), true);
      }
    },
  };
  const emergencySwitches: EventHandler<EmergencySwitchedCommand> = {
    name: 'emergency switches',
    contract: OPS_COMMANDS,
    types: [EMERGENCY_SWITCHED],
    async handle(command, context) {
      if (await routing.projectEmergencySwitch(context.manager, command)) {
        notes<true>(context, 'newSwitch').set(recordKey(context), true);
      }
    },
  };
  const routingDecisions: EventHandler<ThreadRoutingEvent> = {
    name: 'routing decisions',
    contract: HANDOVER_EVENTS,
    types: THREAD_ROUTING_EVENT_TYPES,
    handle: (event, { manager }) => routing.projectRoutingEvent(manager, event),
  };
  return {
    projectors: [engageFacts, availability, emergencySwitches],
    reactors: [
      {
        name: 'handover requests',
        contract: BOT_EVENTS,
        types: ['bot.handover_requested'],
        handle: (event: BotHandoverRequestedEvent, { manager }) =>
          routing.reactToHandoverRequest(manager, event),
      },
      {
        name: 'engage decisions',
        contract: ENGAGE_EVENTS,
        types: ENGAGE_TYPES,
        async handle(event: EngageEvent, context) {
          const fact = engageFact(event);
          const before = notes<ThreadFacts>(context, 'factsBefore').get(recordKey(context));
          if (fact !== null && before !== undefined) {
            await routing.reactToEngageFact(context.manager, fact, before);
          }
        },
      },
      {
        name: 'free agents',
        contract: AVAILABILITY_EVENTS,
        types: AVAILABILITY_EVENT_TYPES,
        async handle(event: AvailabilityEvent, context) {
          if (notes<true>(context, 'freshAvailability').has(recordKey(context))) {
            await routing.reactToAvailability(context.manager, event);
          }
        },
      },
      {
        name: 'emergency',
        contract: OPS_COMMANDS,
        types: [EMERGENCY_SWITCHED],
        async handle(command: EmergencySwitchedCommand, context) {
          if (notes<true>(context, 'newSwitch').has(recordKey(context))) {
            await routing.reactToEmergencySwitch(context.manager, command);
          }
        },
      },
    ] satisfies AnyEventHandler[],
    ownDecisions: [routingDecisions],
  };
}
