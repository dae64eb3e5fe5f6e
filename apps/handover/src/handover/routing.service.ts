import {
  type AvailabilityEvent,
  type BotHandoverRequestedEvent,
  type EmergencyEvent,
  type EmergencySwitchedCommand,
  type ThreadRoutingEvent,
} from '@handover/contracts';
import { type EffectIntent, appendToOutbox, recordEffects } from '@handover/kafka';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { HANDOVER_CONFIG, type HandoverConfig } from '../config/handover.config';
import { RoutingRepository, emergencyCovers } from '../projection/routing.repository';
import { effectsOf } from '../routing/routing-effects';
import { type RoutingPolicy } from '../routing/routing-policy';
import { type RoutingCommand, decide, evolve } from '../routing/routing.decider';
import { evolveFacts } from '../routing/thread-facts.evolve';
import { CLOCK, type Clock, ROUTING_POLICY, RUNTIME_MODE, type RuntimeMode } from '../runtime/runtime.tokens';
import { type EngageFact } from './engage-fact';
import { emergencyEventRecord, routingEventRecord } from './handover-event.record';

type CommandInput = RoutingCommand extends infer C
  ? C extends RoutingCommand
    ? Omit<C, 'at'>
    : never
  : never;

/**
 * Where a handover is decided: loads the thread's state and facts, asks the pure decider, then
 * writes the new state, the events (outbox) and the platform calls (effect ledger) in the
 * caller's transaction, so all of it happens exactly once or not at all.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);
  private readonly realtimeSources: ReadonlySet<string>;

  constructor(
    @Inject(HANDOVER_CONFIG) private readonly config: HandoverConfig,
    @Inject(ROUTING_POLICY) private readonly policy: RoutingPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RUNTIME_MODE) private readonly mode: RuntimeMode,
  ) {
    this.realtimeSources = new Set(config.app.HANDOVER_REALTIME_SOURCE_IDS);
  }

  async onHandoverRequested(manager: EntityManager, event: BotHandoverRequestedEvent): Promise<void> {
    if (this.mode === 'replay') {
      // What was decided is on handover.events.v1: replay reads it there (onRoutingEvent).
      return;
    }
    await this.decideFor(manager, [event.thread_id], () => ({
      kind: 'request_handover',
      causationId: event.event_id,
      reason: event.reason,
      contentId: event.content_id,
      language: event.language,
      transcript: event.transcript,
      categoryIds: event.category_ids ?? null,
      categoriesAt: event.categories_at ?? null,
      interventionId: event.intervention_id ?? null,
    }));
  }

  /** Every engage event updates the facts; some also call for a decision. */
  async onEngageFact(manager: EntityManager, fact: EngageFact): Promise<void> {
    const repository = new RoutingRepository(manager);
    const facts = evolveFacts(await repository.facts(fact.threadId), fact);
    await repository.saveFacts(facts, fact.issuedAt);
    if (this.mode === 'replay') {
      return;
    }
    if (fact.type === 'content.imported' && fact.creatorId === null) {
      // During an emergency a BOT thread goes to agents as soon as its customer writes.
      if (!emergencyCovers(await repository.emergencyInForce(), facts.sourceId)) {
        return;
      }
      await this.decideFor(manager, [fact.threadId], () => ({
        kind: 'customer_wrote',
        causationId: fact.eventId,
      }));
    } else if (fact.type === 'intervention.closed' && fact.interventionId !== null) {
      const interventionId = fact.interventionId;
      await this.decideFor(manager, [fact.threadId], () => ({
        kind: 'intervention_closed',
        causationId: fact.eventId,
        interventionId,
      }));
    }
  }

  /** Agents freed up on a source: the threads waiting there longest are handed over, one per free agent. */
  async onAvailability(manager: EntityManager, event: AvailabilityEvent): Promise<void> {
    const repository = new RoutingRepository(manager);
    const fresh = await repository.saveAvailability(
      event.source_id,
      event.available_agents,
      event.agent_ids,
      new Date(event.occurred_at).toISOString(),
    );
    if (!fresh || this.mode === 'replay') {
      return;
    }
    const free = await repository.freeAgents(event.source_id);
    if (free === 0) {
      return;
    }
    const waiting = await repository.lockWaiting(event.source_id, free);
    await this.decideFor(manager, waiting, () => ({ kind: 'agent_free', causationId: event.event_id }));
  }

  async onEmergencySwitched(manager: EntityManager, command: EmergencySwitchedCommand): Promise<void> {
    const repository = new RoutingRepository(manager);
    const issuedAt = new Date(command.issued_at).toISOString();
    const recorded = await repository.saveEmergencySwitch({
      commandId: command.command_id,
      active: command.active,
      sourceIds: command.source_ids ?? null,
      issuedAt,
      reason: command.reason,
      actor: command.actor,
    });
    const inForce = await repository.emergencyInForce();
    if (!recorded || inForce?.commandId !== command.command_id || this.mode === 'replay') {
      // Already applied, or a newer switch overrides this one (delivered late).
      return;
    }
    const threads = command.active
      ? await repository.emergencyCandidates(
          inForce.sourceIds,
          this.policy.botCategoryId,
          new Date(this.clock().getTime() - this.config.app.EMERGENCY_LOOKBACK_MS).toISOString(),
        )
      : [];
    const event: EmergencyEvent = {
      type: command.active ? 'emergency.activated' : 'emergency.deactivated',
      event_id: `${command.active ? 'emergency.activated' : 'emergency.deactivated'}:${command.command_id}`,
      command_id: command.command_id,
      source_ids: inForce.sourceIds,
      reason: command.reason,
      actor: command.actor,
      occurred_at: this.clock().toISOString(),
      threads_in_scope: threads.length,
    };
    await appendToOutbox(manager, [emergencyEventRecord(event)]);
    this.logger.warn(
      `Emergency ${command.active ? 'on' : 'off'} by ${command.actor} (${command.reason}): ${threads.length} threads to move`,
    );
    // Recorded all at once; the effect worker paces the calls within the quota.
    await this.decideFor(manager, threads, () => ({
      kind: 'emergency_move',
      causationId: command.command_id,
    }));
  }

  /** Replay: our own decisions, read back from handover.events.v1, rebuild the routing state. */
  async onRoutingEvent(manager: EntityManager, event: ThreadRoutingEvent): Promise<void> {
    const repository = new RoutingRepository(manager);
    const state = (await repository.lockRoutes([event.thread_id])).get(event.thread_id)!;
    const next = evolve(state, event);
    if (next !== state) {
      await repository.saveRoute(next);
    }
  }

  /** WAITING threads whose waiting time is over (the waiting job, not a record). */
  async expireWaiting(manager: EntityManager, limit: number): Promise<number> {
    const now = this.clock();
    const before = new Date(now.getTime() - this.policy.waitingTimeoutMs).toISOString();
    const expired = await new RoutingRepository(manager).lockExpiredWaiting(before, limit);
    await this.decideFor(manager, expired, (threadId) => ({
      kind: 'waiting_expired',
      causationId: `waiting-expired:${threadId}:${now.toISOString()}`,
    }));
    return expired.length;
  }

  private async decideFor(
    manager: EntityManager,
    threadIds: readonly string[],
    commandFor: (threadId: string) => CommandInput,
  ): Promise<void> {
    if (threadIds.length === 0) {
      return;
    }
    const repository = new RoutingRepository(manager);
    const states = await repository.lockRoutes(threadIds);
    const emergency = await repository.emergencyInForce();
    const events: ThreadRoutingEvent[] = [];
    const effects: EffectIntent[] = [];
    const at = this.clock().toISOString();
    for (const threadId of threadIds) {
      const state = states.get(threadId)!;
      const facts = await repository.facts(threadId);
      const sourceId = state.sourceId ?? facts.sourceId;
      const realtime = sourceId !== null && this.realtimeSources.has(sourceId);
      const command = { ...commandFor(threadId), at };
      const decided = decide(state, command, {
        policy: this.policy,
        facts,
        realtime,
        freeAgents: realtime ? await repository.freeAgents(sourceId) : 0,
        emergency: emergencyCovers(emergency, sourceId),
      });
      if (decided.length === 0) {
        continue;
      }
      let next = { ...state, sourceId };
      for (const event of decided) {
        effects.push(...effectsOf(event, next, this.policy));
        next = evolve(next, event);
      }
      // Saved before the next thread is decided: free agents count the handovers just made.
      await repository.saveRoute(next);
      events.push(...decided);
    }
    if (events.length > 0) {
      await appendToOutbox(manager, events.map(routingEventRecord));
      await recordEffects(manager, effects);
    }
  }
}
