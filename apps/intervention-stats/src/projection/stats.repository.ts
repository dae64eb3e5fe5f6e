import { type BatchScope } from '@handover/event-runtime';
import {
  type BotDelta,
  type BotInput,
  type EngageDelta,
  type EngageInput,
  foldBot,
  foldEngage,
  foldHandover,
  type HandoverDelta,
  type HandoverInput,
} from './thread-stats.evolve';
import {
  foldIntervention,
  type InterventionDelta,
  type InterventionInput,
} from './intervention-stats.evolve';
import { recordChangedDays } from '../rollup/changed-days';
import { type AvailabilityDelta, type EmergencyRow, foldAvailability } from './live-state.evolve';
import { type SeriesEvent } from './time-series.evolve';
import { TimeSeriesWriter } from './time-series.writer';

const KEY = 'intervention-stats.batch';

export interface TimelineRow {
  event_id: string;
  thread_id: string;
  at: string;
  topic: string;
  type: string;
  detail: Record<string, unknown>;
}

/**
 * Where the projection is written: a batch's records are folded in memory into one delta per
 * thread (per source for availability), then merged into each table by one statement before the
 * batch commits. The merges are commutative (earliest, latest, sums, newest, insert-once), so the
 * order of batches does not matter. The days it changes are listed for the daily rollups.
 *
 * A record of a thread is applied once: its timeline row is inserted first, keyed by thread and
 * event id, and only the records whose row is new are folded (RCED redelivers a webhook in a new
 * record). So the consumer's processed_event claim is not needed (dedupeEventIds: false): one row
 * per record instead of two.
 */
export class StatsRepository {
  private readonly engage = new Map<string, EngageDelta>();
  private readonly interventions = new Map<string, InterventionDelta>();
  private readonly bot = new Map<string, BotDelta>();
  private readonly handover = new Map<string, HandoverDelta>();
  /** Records of threads, folded once their timeline row proves them new. */
  private readonly pending: Array<{ entry: TimelineRow; fold: () => void }> = [];
  private readonly availability = new Map<string, AvailabilityDelta>();
  private readonly emergency = new Map<string, EmergencyRow>();
  private readonly series = new TimeSeriesWriter();

  private constructor(private readonly scope: BatchScope) {}

  static of(scope: BatchScope): StatsRepository {
    return scope.memo(KEY, () => new StatsRepository(scope));
  }

  /**
   * An engage event; an intervention event also counts on its intervention, `botUserId` telling the
   * bot's openings and closings from the agents'.
   */
  addEngage(
    input: EngageInput,
    entry: TimelineRow,
    intervention?: { input: InterventionInput; botUserId: string | null },
  ): void {
    this.add(entry, () => {
      foldEngage(this.engage, input);
      if (intervention !== undefined) {
        foldIntervention(this.interventions, intervention.input, intervention.botUserId);
      }
    });
  }

  /** `series`: the decision as the time series count it (its own source and language). */
  addBot(input: BotInput, entry: TimelineRow, series: SeriesEvent): void {
    this.add(entry, () => {
      foldBot(this.bot, input);
      this.series.addBot(series);
    });
  }

  /** `series`: the routing event as the waiting queue's series count it (its source and language). */
  addHandover(input: HandoverInput, entry: TimelineRow, series: SeriesEvent): void {
    this.add(entry, () => {
      foldHandover(this.handover, input);
      this.series.addRouting(input.threadId, series);
    });
  }

  /** Newest poll per source (and per minute and day of it) wins: a redelivery changes nothing. */
  addAvailability(input: AvailabilityDelta): void {
    foldAvailability(this.availability, input);
    this.series.addAvailability(input);
    this.scope.beforeCommit(KEY, () => this.flush());
  }

  /** Inserted once per event id. */
  addEmergency(row: EmergencyRow): void {
    this.emergency.set(row.eventId, row);
    this.scope.beforeCommit(KEY, () => this.flush());
  }

  private add(entry: TimelineRow, fold: () => void): void {
    this.pending.push({ entry, fold });
    this.scope.beforeCommit(KEY, () => this.flush());
  }

  /** Inserts the timeline rows and folds the records whose row was new (the first of a batch's copies). */
  private async foldNewRecords(): Promise<void> {
    if (this.pending.length === 0) {
      return;
    }
    const inserted = await this.scope.manager.query<Array<{ event_id: string }>>(
      `INSERT INTO stats_timeline (event_id, thread_id, at, topic, type, detail)
       SELECT event_id, thread_id, at, topic, type, detail
       FROM json_to_recordset($1::json) AS r(event_id text, thread_id text, at timestamptz, topic text,
         type text, detail jsonb)
       ON CONFLICT (thread_id, event_id) DO NOTHING
       RETURNING event_id`,
      [JSON.stringify(this.pending.map(({ entry }) => entry))],
    );
    const fresh = new Set(inserted.map(({ event_id }) => event_id));
    for (const { entry, fold } of this.pending) {
      if (fresh.delete(entry.event_id)) {
        fold();
      }
    }
    this.pending.length = 0;
  }

  private async flush(): Promise<void> {
    const manager = this.scope.manager;
    await this.foldNewRecords();
    await recordChangedDays(manager, {
      threadIds: [...new Set([...this.engage.keys(), ...this.bot.keys(), ...this.handover.keys()])],
      interventionIds: [...this.interventions.keys()],
      at: [
        ...[...this.engage.values()].map((delta) => delta.firstCustomerAt),
        ...[...this.interventions.values()].map((delta) => delta.openedAt),
      ].filter((at): at is string => at !== null),
    });
    if (this.interventions.size > 0) {
      await manager.query(
        `INSERT INTO stats_intervention AS t (intervention_id, thread_id, source_id, opened_at, opened_by, closed_at,
           closed_by, closes, reopens)
         SELECT "interventionId", "threadId", "sourceId", "openedAt", "openedBy", "closedAt", "closedBy", closes, reopens
         FROM jsonb_to_recordset($1::jsonb) AS r("interventionId" text, "threadId" text, "sourceId" text,
           "openedAt" timestamptz, "openedBy" text, "closedAt" timestamptz, "closedBy" text, closes int, reopens int)
         ON CONFLICT (intervention_id) DO UPDATE SET
           source_id = COALESCE(t.source_id, excluded.source_id),
           opened_by = CASE WHEN t.opened_at IS NULL OR excluded.opened_at < t.opened_at
                            THEN COALESCE(excluded.opened_by, t.opened_by) ELSE t.opened_by END,
           opened_at = LEAST(t.opened_at, excluded.opened_at),
           closed_by = CASE WHEN t.closed_at IS NULL OR excluded.closed_at >= t.closed_at
                            THEN COALESCE(excluded.closed_by, t.closed_by) ELSE t.closed_by END,
           closed_at = GREATEST(t.closed_at, excluded.closed_at),
           closes = t.closes + excluded.closes,
           reopens = t.reopens + excluded.reopens`,
        [JSON.stringify([...this.interventions.values()])],
      );
      this.interventions.clear();
    }
    if (this.engage.size > 0) {
      await manager.query(
        `INSERT INTO stats_thread_engage AS t (thread_id, source_id, language, first_customer_at, last_customer_at,
           customer_messages, interventions_opened, interventions_closed, interventions_reopened)
         SELECT "threadId", "sourceId", language, "firstCustomerAt", "lastCustomerAt", "customerMessages",
                "interventionsOpened", "interventionsClosed", "interventionsReopened"
         FROM jsonb_to_recordset($1::jsonb) AS r("threadId" text, "sourceId" text, language text,
           "firstCustomerAt" timestamptz, "lastCustomerAt" timestamptz, "customerMessages" int,
           "interventionsOpened" int, "interventionsClosed" int, "interventionsReopened" int)
         ON CONFLICT (thread_id) DO UPDATE SET
           source_id = COALESCE(t.source_id, excluded.source_id),
           language = CASE WHEN t.first_customer_at IS NULL OR excluded.first_customer_at < t.first_customer_at
                           THEN COALESCE(excluded.language, t.language) ELSE COALESCE(t.language, excluded.language) END,
           first_customer_at = LEAST(t.first_customer_at, excluded.first_customer_at),
           last_customer_at = GREATEST(t.last_customer_at, excluded.last_customer_at),
           customer_messages = t.customer_messages + excluded.customer_messages,
           interventions_opened = t.interventions_opened + excluded.interventions_opened,
           interventions_closed = t.interventions_closed + excluded.interventions_closed,
           interventions_reopened = t.interventions_reopened + excluded.interventions_reopened`,
        [JSON.stringify([...this.engage.values()])],
      );
    }
    if (this.bot.size > 0) {
      await manager.query(
        `INSERT INTO stats_thread_bot AS t (thread_id, language, first_bot_at, bot_turns, fallbacks, first_resolved_at,
           first_handover_request_at, handover_reason)
         SELECT "threadId", language, "firstBotAt", "botTurns", fallbacks, "firstResolvedAt", "firstHandoverRequestAt",
                "handoverReason"
         FROM jsonb_to_recordset($1::jsonb) AS r("threadId" text, language text, "firstBotAt" timestamptz,
           "botTurns" int, fallbacks int, "firstResolvedAt" timestamptz, "firstHandoverRequestAt" timestamptz,
           "handoverReason" text)
         ON CONFLICT (thread_id) DO UPDATE SET
           language = CASE WHEN excluded.first_bot_at < t.first_bot_at THEN COALESCE(excluded.language, t.language)
                           ELSE COALESCE(t.language, excluded.language) END,
           first_bot_at = LEAST(t.first_bot_at, excluded.first_bot_at),
           bot_turns = t.bot_turns + excluded.bot_turns,
           fallbacks = t.fallbacks + excluded.fallbacks,
           first_resolved_at = LEAST(t.first_resolved_at, excluded.first_resolved_at),
           handover_reason = CASE WHEN t.first_handover_request_at IS NULL
                                    OR excluded.first_handover_request_at < t.first_handover_request_at
                                  THEN COALESCE(excluded.handover_reason, t.handover_reason) ELSE t.handover_reason END,
           first_handover_request_at = LEAST(t.first_handover_request_at, excluded.first_handover_request_at)`,
        [JSON.stringify([...this.bot.values()])],
      );
    }
    await this.series.readRoutes(manager);
    if (this.handover.size > 0) {
      await manager.query(
        `INSERT INTO stats_thread_handover AS t (thread_id, first_queued_at, first_handed_over_at, handover_trigger,
           waited_ms, handovers, returns_to_bot, route, route_at)
         SELECT "threadId", "firstQueuedAt", "firstHandedOverAt", "handoverTrigger", "waitedMs", handovers,
                "returnsToBot", route, "routeAt"
         FROM jsonb_to_recordset($1::jsonb) AS r("threadId" text, "firstQueuedAt" timestamptz,
           "firstHandedOverAt" timestamptz, "handoverTrigger" text, "waitedMs" bigint, handovers int,
           "returnsToBot" int, route text, "routeAt" timestamptz)
         ON CONFLICT (thread_id) DO UPDATE SET
           first_queued_at = LEAST(t.first_queued_at, excluded.first_queued_at),
           handover_trigger = CASE WHEN t.first_handed_over_at IS NULL
                                     OR excluded.first_handed_over_at < t.first_handed_over_at
                                   THEN COALESCE(excluded.handover_trigger, t.handover_trigger) ELSE t.handover_trigger END,
           waited_ms = CASE WHEN t.first_handed_over_at IS NULL OR excluded.first_handed_over_at < t.first_handed_over_at
                            THEN COALESCE(excluded.waited_ms, t.waited_ms) ELSE t.waited_ms END,
           first_handed_over_at = LEAST(t.first_handed_over_at, excluded.first_handed_over_at),
           handovers = t.handovers + excluded.handovers,
           returns_to_bot = t.returns_to_bot + excluded.returns_to_bot,
           route = CASE WHEN t.route_at IS NULL OR excluded.route_at >= t.route_at
                        THEN COALESCE(excluded.route, t.route) ELSE t.route END,
           route_at = GREATEST(t.route_at, excluded.route_at)`,
        [JSON.stringify([...this.handover.values()])],
      );
    }
    if (this.availability.size > 0) {
      // The newest poll per source wins, whatever order the batches come in (ties: the greater
      // event id, compared byte-wise as foldAvailability does).
      await manager.query(
        `INSERT INTO stats_source_availability AS t (source_id, channel_id, available_agents, agent_ids, observed_at,
           event_id)
         SELECT "sourceId", "channelId", "availableAgents", "agentIds", "observedAt", "eventId"
         FROM jsonb_to_recordset($1::jsonb) AS r("sourceId" text, "channelId" text, "availableAgents" int,
           "agentIds" text[], "observedAt" timestamptz, "eventId" text)
         ON CONFLICT (source_id) DO UPDATE SET
           channel_id = excluded.channel_id,
           available_agents = excluded.available_agents,
           agent_ids = excluded.agent_ids,
           observed_at = excluded.observed_at,
           event_id = excluded.event_id
         WHERE excluded.observed_at > t.observed_at
            OR (excluded.observed_at = t.observed_at AND excluded.event_id COLLATE "C" > t.event_id COLLATE "C")`,
        [JSON.stringify([...this.availability.values()])],
      );
    }
    if (this.emergency.size > 0) {
      await manager.query(
        `INSERT INTO stats_emergency (event_id, command_id, active, source_ids, reason, actor, occurred_at,
           threads_in_scope)
         SELECT "eventId", "commandId", active, "sourceIds", reason, actor, "occurredAt", "threadsInScope"
         FROM jsonb_to_recordset($1::jsonb) AS r("eventId" text, "commandId" text, active boolean,
           "sourceIds" text[], reason text, actor text, "occurredAt" timestamptz, "threadsInScope" int)
         ON CONFLICT (event_id) DO NOTHING`,
        [JSON.stringify([...this.emergency.values()])],
      );
    }
    await this.series.flush(manager);
    this.availability.clear();
    this.emergency.clear();
    this.engage.clear();
    this.bot.clear();
    this.handover.clear();
  }
}
