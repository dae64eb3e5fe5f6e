import {
  BOT_EVENT_TYPES,
  BOT_EVENTS,
  BOT_THREAD_READ,
  type BotEvent,
  type BotThreadReadEvent,
  EMERGENCY_SWITCHED,
  type EmergencySwitchedCommand,
  ENGAGE_EVENTS,
  type EngageEvent,
  engageEventThreadId,
  HANDOVER_EVENTS,
  OPS_COMMANDS,
  type ThreadHandedOverEvent,
  type ThreadReturnedToBotEvent,
} from '@handover/contracts';
import { type EventHandler } from '@handover/event-runtime';
import { Logger } from '@nestjs/common';
import { contentFact } from './content-fact';
import { ConversationRepository } from './conversation.repository';
import {
  evolveWithContent,
  evolveWithIntervention,
  evolveWithMove,
  evolveWithRead,
  type InterventionFact,
} from './thread-facts.evolve';
import { evolveWithDecision, latest } from './thread-state';
import { ThreadRepository } from './thread.repository';

const INTERVENTION_EVENTS: InterventionFact['type'][] = [
  'intervention.opened',
  'intervention.reopened',
  'intervention.closed',
  'intervention.user_updated',
  'intervention.recategorized',
];

/**
 * RCED's facts about a thread: its customers' messages, who holds its intervention (the bot takes
 * it over before replying) and its categories.
 */
export function engageFactsProjector(botCategoryId: string): EventHandler<EngageEvent> {
  return {
    name: 'thread facts',
    contract: ENGAGE_EVENTS,
    types: ['content.imported', ...INTERVENTION_EVENTS],
    async handle(event, { batch }) {
      const threads = ThreadRepository.of(batch);
      if (event.type === 'content.imported') {
        const fact = contentFact(event);
        if (fact) {
          threads.setFacts(evolveWithContent(await threads.get(fact.threadId), fact, botCategoryId));
        }
        return;
      }
      const threadId = engageEventThreadId(event);
      if (threadId !== undefined) {
        threads.setFacts(
          evolveWithIntervention(await threads.get(threadId), interventionFact(event), botCategoryId),
        );
      }
    },
  };
}

/**
 * What handover did to a thread. Any recategorization makes the categories the bot knew stale (the
 * next message without `category_ids` reads them). A return to the bot also ends its handover
 * request: after an agent's intervention the categories say so too, but a WAITING thread whose wait
 * ended keeps BOT all along, and only this event tells the bot it may answer again.
 */
export const handoverMovesProjector: EventHandler<ThreadReturnedToBotEvent | ThreadHandedOverEvent> = {
  name: 'handover moves',
  contract: HANDOVER_EVENTS,
  types: ['thread.returned_to_bot', 'thread.handed_over'],
  async handle(event, { batch }) {
    const threads = ThreadRepository.of(batch);
    const state = evolveWithMove(await threads.get(event.thread_id), event.occurred_at);
    threads.setRouting(
      event.type === 'thread.returned_to_bot'
        ? { ...state, returnedToBotAt: latest(state.returnedToBotAt, event.occurred_at) }
        : state,
    );
  },
};

const emergencyLog = new Logger('EmergencySwitch');

/** The emergency switch: while active in a thread's scope, the bot stays silent there. */
export const emergencySwitchProjector: EventHandler<EmergencySwitchedCommand> = {
  name: 'emergency switches',
  contract: OPS_COMMANDS,
  types: [EMERGENCY_SWITCHED],
  async handle(command, { manager }) {
    await new ConversationRepository(manager).saveEmergencySwitch({
      active: command.active,
      sourceIds: command.source_ids ?? null,
      commandId: command.command_id,
      issuedAt: new Date(command.issued_at).toISOString(),
    });
    emergencyLog.warn(`Emergency ${command.active ? 'on' : 'off'} by ${command.actor}: ${command.reason}`);
  },
};

/** The thread's categories as the bot read them from RCED (the reactor then answers the waiting message). */
export function threadReadsProjector(botCategoryId: string): EventHandler<BotThreadReadEvent> {
  return {
    name: 'thread reads',
    contract: BOT_EVENTS,
    types: [BOT_THREAD_READ],
    async handle(event, { batch }) {
      const threads = ThreadRepository.of(batch);
      const read = { categoryIds: event.category_ids, readAt: new Date(event.read_at).toISOString() };
      threads.setTurns(evolveWithRead(await threads.get(event.thread_id), read, botCategoryId));
    },
  };
}

/** The bot's decisions read back from bot.events.v1 (replay: live, the reactor applied each one). */
export const decisionsProjector: EventHandler<BotEvent> = {
  name: 'bot decisions',
  contract: BOT_EVENTS,
  types: BOT_EVENT_TYPES,
  async handle(event, { batch }) {
    if (!(await new ConversationRepository(batch.manager).saveDecision(event))) {
      return;
    }
    const threads = ThreadRepository.of(batch);
    threads.setTurns(evolveWithDecision(await threads.get(event.thread_id), event));
  },
};

function interventionFact(event: EngageEvent): InterventionFact {
  const { metadata } = event.resource;
  // The seed's intervention.closed sample puts category_ids on the resource, events.md in the metadata.
  const categories = metadata.category_ids ?? event.resource.category_ids;
  return {
    type: event.type as InterventionFact['type'],
    interventionId: String(event.resource.id),
    userId: typeof metadata.user_id === 'string' ? metadata.user_id : null,
    sourceId: typeof metadata.source_id === 'string' ? metadata.source_id : null,
    categoryIds: Array.isArray(categories) ? categories.map(String) : null,
    issuedAt: new Date(event.issued_at).toISOString(),
  };
}
