import {
  type AvailabilityEvent,
  type BotHandoverRequestedEvent,
  type EmergencyEvent,
  type EmergencySwitchedCommand,
  emergencyCovers,
  EMERGENCY_EVENTS_KEY,
  isEmergencyActive,
  type ThreadRoutingEvent,
  HANDOVER_EVENTS,
} from '@handover/contracts';
import { type EffectIntent, appendToOutbox, recordEffects } from '@handover/event-runtime';
import { Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type HandoverConfig } from '../config/handover.config';
import { RoutingRepository } from '../projection/routing.repository';
import { EFFECT_KINDS, effectsOf, type RecategorizationTarget } from '../routing/routing-effects';
import { type RoutingPolicy } from '../routing/routing-policy';
import { type RoutingState, type ThreadFacts } from '../routing/routing-state';
import { type RoutingCommand, decide, evolve } from '../routing/routing.decider';
import { evolveFacts } from '../routing/thread-facts.evolve';
import { type SourceDefaultsPayload } from '../effects/source-defaults-plan.executor';
import { type EngageFact } from './engage-fact';

type CommandInput = RoutingCommand extends infer C
  ? C extends RoutingCommand
    ? Omit<C, 'at'>
    : never
  : never;

export type Clock = () => Date;

/**
 * Where a handover is decided: loads the thread's state and facts, asks the pure decider, then
 * writes the new state, the events (outbox) and the platform calls (effect ledger) in the
 * caller's transaction, so all of it happens exactly once or not at all. `project*` methods move
 * the projection from a fact (live and replay); `react*` methods decide (live only, after them).
 */
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);
  private readonly realtimeSources: ReadonlySet<string>;

  constructor(
    private readonly config: HandoverConfig,
    private readonly policy: RoutingPolicy,
    private readonly clock: Clock,
  ) {
    this.realtimeSources = new Set(config.app.HANDOVER_REALTIME_SOURCE_IDS);
  }

  /** The bot asked for a human; what was decided is read back from handover.events.v1 on replay. */
  async reactToHandoverRequest(manager: EntityManager, event: BotHandoverRequestedEvent): Promise<void> {
    const command: CommandInput = {
      kind: 'request_handover',
      causationId: event.event_id,
      reason: event.reason,
      reasonDetail: event.reason_detail ?? null,
      contentId: event.content_id,
      language: event.language,
      transcript: event.transcript,
      categoryIds: event.category_ids ?? null,
      categoriesAt: event.categories_at ?? null,
      interventionId: event.intervention_id ?? null,
      replyTarget: event.reply_target ?? null,
    };
    // The bot's event names the source: a first message's realtime check needs it before our facts do.
    await this.decideFor(manager, [event.thread_id], () => command, event.source_id);
  }

  /** Every engage event updates the facts; returns the facts it replaced (reactToEngageFact needs them). */
  async projectEngageFact(manager: EntityManager, fact: EngageFact): Promise<ThreadFacts> {
    const repository = new RoutingRepository(manager);
    const before = await repository.facts(fact.threadId);
    await repository.saveFacts(evolveFacts(before, fact), fact.issuedAt);
    return before;
  }

  /** Some engage events call for a decision; `before`: the thread's facts before this one. */
  async reactToEngageFact(manager: EntityManager, fact: EngageFact, before: ThreadFacts): Promise<void> {
    const repository = new RoutingRepository(manager);
    // Followed: a thread that was the bot's, or one we routed; not every agents-only thread of RCED.
    const botThread = before.categoryIds?.includes(this.policy.botCategoryId) === true;
    if (fact.categoryIds !== null && (botThread || (await repository.isRouted(fact.threadId)))) {
      const categoryIds = fact.categoryIds;
      // Read under the thread's lock: a handover decided meanwhile on bot.events.v1 is seen with its
      // recategorization, never as a route AGENT without it (which would look like a console move).
      await this.decideFor(manager, [fact.threadId], async () => {
        const status = await repository.recategorizationStatus(fact.threadId);
        return {
          kind: 'categories_seen',
          causationId: fact.eventId,
          categoryIds,
          seenAt: fact.issuedAt,
          recategorizing: status.pending,
          recategorizedAt: status.appliedAt,
        };
      });
    }
    if (fact.type === 'content.imported' && fact.fromCustomer && fact.contentId !== null) {
      // An emergency moves a BOT thread as soon as its customer writes; a waiting customer is told they wait.
      const contentId = fact.contentId;
      await this.decideFor(manager, [fact.threadId], () => ({
        kind: 'customer_wrote',
        causationId: fact.eventId,
        contentId,
        text: fact.text,
      }));
    } else if (fact.type === 'intervention.closed' && fact.interventionId !== null) {
      const interventionId = fact.interventionId;
      await this.decideFor(manager, [fact.threadId], () => ({
        kind: 'intervention_closed',
        causationId: fact.eventId,
        interventionId,
        closedBy: fact.actorUserId,
        heldBy: fact.holderUserId,
        issuedAt: fact.issuedAt,
      }));
    }
  }

  /** A source's availability; false when a newer one was applied already. */
  projectAvailability(manager: EntityManager, event: AvailabilityEvent): Promise<boolean> {
    return new RoutingRepository(manager).saveAvailability(
      event.source_id,
      event.channel_id,
      event.available_agents,
      event.agent_ids,
      new Date(event.occurred_at).toISOString(),
    );
  }

  /** Agents freed up on a source: the threads waiting there longest are handed over, one per free agent. */
  async reactToAvailability(manager: EntityManager, event: AvailabilityEvent): Promise<void> {
    const repository = new RoutingRepository(manager);
    // Read again under the pool's lock for each thread (decideFor): this one only bounds the candidates.
    const free = await repository.freeAgents(event.source_id);
    if (free === 0) {
      return;
    }
    const waiting = await repository.longestWaiting(event.source_id, free);
    await this.decideFor(manager, waiting, () => ({ kind: 'agent_free', causationId: event.event_id }));
  }

  /** Records a switch; false when this command was recorded already. */
  projectEmergencySwitch(manager: EntityManager, command: EmergencySwitchedCommand): Promise<boolean> {
    return new RoutingRepository(manager).saveEmergencySwitch({
      commandId: command.command_id,
      active: command.active,
      sourceIds: command.source_ids ?? null,
      issuedAt: new Date(command.issued_at).toISOString(),
      reason: command.reason,
      actor: command.actor,
    });
  }

  /**
   * A switch composes with the ones before it (EmergencyCoverage). The threads to move are not
   * decided here all at once: the emergency sweep moves them a few at a time, most recently active
   * first, so that a normal handover never waits behind thousands of them; moves not made yet when
   * the emergency ends are cancelled. The sources' default categories follow the coverage (an effect).
   */
  async reactToEmergencySwitch(manager: EntityManager, command: EmergencySwitchedCommand): Promise<void> {
    const repository = new RoutingRepository(manager);
    await repository.lockEmergency();
    const coverage = await repository.emergencyCoverage();
    const candidates = isEmergencyActive(coverage)
      ? await repository.emergencyCandidates(coverage, this.policy, this.lookbackStart(), CANDIDATES_COUNTED)
      : [];
    const type = command.active ? 'emergency.activated' : 'emergency.deactivated';
    const event: EmergencyEvent = {
      type,
      event_id: `${type}:${command.command_id}`,
      command_id: command.command_id,
      source_ids: command.source_ids ?? null,
      reason: command.reason,
      actor: command.actor,
      occurred_at: this.clock().toISOString(),
      threads_in_scope: candidates.length,
    };
    await appendToOutbox(manager, [HANDOVER_EVENTS.record(event)]);
    await recordEffects(manager, [
      {
        id: `source-defaults:${command.command_id}`,
        kind: EFFECT_KINDS.sourceDefaults,
        sequenceKey: EMERGENCY_EVENTS_KEY,
        payload: {
          commandId: command.command_id,
          global: coverage.global,
          sourceIds: [...coverage.sourceIds].sort(),
        } satisfies SourceDefaultsPayload,
      },
    ]);
    const canceled = await repository.cancelEmergencyMoves(coverage);
    await this.decideFor(manager, canceled, () => ({
      kind: 'emergency_canceled',
      causationId: command.command_id,
    }));
    this.logger.warn(
      `Emergency ${command.active ? 'on' : 'off'} by ${command.actor} (${command.reason}): ` +
        `${candidates.length} threads to move, ${canceled.length} moves cancelled`,
    );
  }

  /** The emergency sweep (a job, not a record): moves the next threads, keeping `inFlight` in the queue. */
  async sweepEmergency(manager: EntityManager, inFlight: number): Promise<number> {
    const repository = new RoutingRepository(manager);
    await repository.lockEmergency();
    const coverage = await repository.emergencyCoverage();
    if (!isEmergencyActive(coverage)) {
      return 0;
    }
    const room = inFlight - (await repository.emergencyMovesInFlight());
    if (room <= 0) {
      return 0;
    }
    const threads = await repository.emergencyCandidates(coverage, this.policy, this.lookbackStart(), room);
    const at = this.clock().toISOString();
    await this.decideFor(manager, threads, (threadId) => ({
      kind: 'emergency_move',
      causationId: `emergency-sweep:${threadId}:${at}`,
    }));
    return threads.length;
  }

  /** Replay: our own decisions, read back from handover.events.v1, rebuild the routing state. */
  async projectRoutingEvent(manager: EntityManager, event: ThreadRoutingEvent): Promise<void> {
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
    const expired = await new RoutingRepository(manager).expiredWaiting(before, limit);
    await this.decideFor(manager, expired, (threadId) => ({
      kind: 'waiting_expired',
      causationId: `waiting-expired:${threadId}:${now.toISOString()}`,
    }));
    return expired.length;
  }

  /** A recategorization failed for good (in the effect worker's transaction that marks it failed). */
  async recategorizationFailed(
    manager: EntityManager,
    threadId: string,
    target: RecategorizationTarget,
    effectId: string,
  ): Promise<void> {
    await this.decideFor(manager, [threadId], () => ({
      kind: 'recategorization_failed',
      causationId: effectId,
      target,
    }));
  }

  /** RCED accepted, or refused, to close the thread (close-thread policy). */
  async closeSettled(
    manager: EntityManager,
    threadId: string,
    interventionId: string,
    effectId: string,
    closed: boolean,
  ): Promise<void> {
    await this.decideFor(manager, [threadId], () => ({
      kind: closed ? 'close_done' : 'close_refused',
      causationId: effectId,
      interventionId,
    }));
  }

  private lookbackStart(): string {
    return new Date(this.clock().getTime() - this.config.app.EMERGENCY_LOOKBACK_MS).toISOString();
  }

  private async decideFor(
    manager: EntityManager,
    threadIds: readonly string[],
    commandFor: (threadId: string) => CommandInput | Promise<CommandInput>,
    sourceHint: string | null = null,
  ): Promise<void> {
    if (threadIds.length === 0) {
      return;
    }
    const repository = new RoutingRepository(manager);
    const states = await repository.lockRoutes(threadIds);
    const coverage = await repository.emergencyCoverage();
    const threads: Array<{ threadId: string; state: RoutingState; facts: ThreadFacts; realtime: boolean }> =
      [];
    for (const threadId of threadIds) {
      const facts = await repository.facts(threadId);
      const sourceId = states.get(threadId)!.sourceId ?? facts.sourceId ?? sourceHint;
      const realtime = sourceId !== null && this.realtimeSources.has(sourceId);
      threads.push({ threadId, state: { ...states.get(threadId)!, sourceId }, facts, realtime });
    }
    await repository.lockAgentPools(threads.filter((t) => t.realtime).map((t) => t.state.sourceId!));
    const events: ThreadRoutingEvent[] = [];
    const effects: EffectIntent[] = [];
    const at = this.clock().toISOString();
    for (const { threadId, state: current, facts, realtime } of threads) {
      const sourceId = current.sourceId;
      const command = { ...(await commandFor(threadId)), at };
      const decided = decide(current, command, {
        policy: this.policy,
        facts,
        realtime,
        freeAgents: realtime ? await repository.freeAgents(sourceId) : 0,
        emergency: emergencyCovers(coverage, sourceId),
      });
      if (decided.length === 0) {
        continue;
      }
      let next = current;
      for (const event of decided) {
        effects.push(...effectsOf(event, next, this.policy, facts));
        next = evolve(next, event);
      }
      // Saved before the next thread is decided: free agents count the handovers just made.
      await repository.saveRoute(next);
      events.push(...decided);
    }
    if (events.length > 0) {
      await appendToOutbox(
        manager,
        events.map((event) => HANDOVER_EVENTS.record(event)),
      );
      await recordEffects(manager, effects);
    }
  }
}

/** Enough to say how many threads an emergency will move, without counting a whole history. */
const CANDIDATES_COUNTED = 10_000;
