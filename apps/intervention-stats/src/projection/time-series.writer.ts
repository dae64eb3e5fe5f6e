import { type EntityManager } from 'typeorm';
import { type AvailabilityDelta } from './live-state.evolve';
import {
  type AvailabilitySample,
  botContribution,
  foldAvailabilitySample,
  foldSeries,
  NO_ROUTE,
  perResolution,
  RESOLUTIONS,
  type Resolution,
  type RouteState,
  type SeriesEvent,
  type SeriesRow,
  waitingChanges,
} from './time-series.evolve';
import { ROUTE_AFTER } from './thread-stats.evolve';

/** Where each resolution is stored, and the SQL type of its bucket. */
export const SERIES_TABLES: Record<
  Resolution,
  { series: string; availability: string; bucket: 'at' | 'day'; type: 'timestamptz' | 'date' }
> = {
  minute: {
    series: 'stats_series_minute',
    availability: 'stats_availability_minute',
    bucket: 'at',
    type: 'timestamptz',
  },
  day: { series: 'stats_series_day', availability: 'stats_availability_day', bucket: 'day', type: 'date' },
};

/**
 * The time series' part of a batch (StatsRepository calls it with the records it found new):
 * counts, waiting-queue changes and availability per minute and per day, written in the batch's
 * transaction. A thread's routing events are turned into queue changes from the route stored before
 * the batch (readRoutes, before stats_thread_handover is merged): a thread's records come in order,
 * on one partition.
 */
export class TimeSeriesWriter {
  private readonly series = perResolution<SeriesRow>();
  private readonly availability = perResolution<AvailabilitySample>();
  private readonly routing = new Map<string, SeriesEvent[]>();
  private readonly waits: Array<{ threadId: string; sourceId: string | null; language: string | null }> = [];

  addBot(event: SeriesEvent): void {
    const contribution = botContribution(event);
    if (contribution !== null) {
      foldSeries(this.series, contribution);
    }
  }

  addRouting(threadId: string, event: SeriesEvent): void {
    if (ROUTE_AFTER[event.type] === undefined) {
      return;
    }
    this.routing.set(threadId, [...(this.routing.get(threadId) ?? []), event]);
  }

  addAvailability(input: AvailabilityDelta): void {
    foldAvailabilitySample(this.availability, input);
  }

  /** Turns the batch's routing events into queue changes: run before stats_thread_handover is merged. */
  async readRoutes(manager: EntityManager): Promise<void> {
    if (this.routing.size === 0) {
      return;
    }
    const rows = await manager.query<
      Array<{
        thread_id: string;
        route: string | null;
        route_at: Date | null;
        waiting_source_id: string | null;
        waiting_language: string | null;
      }>
    >(
      `SELECT thread_id, route, route_at, waiting_source_id, waiting_language
       FROM stats_thread_handover WHERE thread_id = ANY($1::text[])`,
      [[...this.routing.keys()]],
    );
    const stored = new Map<string, RouteState>(
      rows.map((row) => [
        row.thread_id,
        {
          route: row.route,
          routeAt: row.route_at?.toISOString() ?? null,
          waitingSourceId: row.waiting_source_id,
          waitingLanguage: row.waiting_language,
        },
      ]),
    );
    for (const [threadId, events] of this.routing) {
      const prior = stored.get(threadId) ?? NO_ROUTE;
      const { state, changes } = waitingChanges(prior, events);
      changes.forEach((change) => foldSeries(this.series, change));
      if (
        state.waitingSourceId !== prior.waitingSourceId ||
        state.waitingLanguage !== prior.waitingLanguage
      ) {
        this.waits.push({ threadId, sourceId: state.waitingSourceId, language: state.waitingLanguage });
      }
    }
    this.routing.clear();
  }

  /**
   * Run after stats_thread_handover is merged, last in the batch: the series rows are shared by
   * every partition's batches, so they are locked as late as possible and in key order (never a
   * deadlock between two batches).
   */
  async flush(manager: EntityManager): Promise<void> {
    if (this.waits.length > 0) {
      await manager.query(
        `UPDATE stats_thread_handover AS t SET waiting_source_id = r."sourceId", waiting_language = r.language
         FROM jsonb_to_recordset($1::jsonb) AS r("threadId" text, "sourceId" text, language text)
         WHERE t.thread_id = r."threadId"`,
        [JSON.stringify(this.waits)],
      );
      this.waits.length = 0;
    }
    for (const resolution of RESOLUTIONS) {
      await this.writeAvailability(manager, resolution);
    }
    for (const resolution of RESOLUTIONS) {
      await this.writeSeries(manager, resolution);
    }
  }

  private async writeSeries(manager: EntityManager, resolution: Resolution): Promise<void> {
    const rows = this.series[resolution];
    if (rows.size === 0) {
      return;
    }
    const { series, bucket, type } = SERIES_TABLES[resolution];
    await manager.query(
      `INSERT INTO ${series} AS t (${bucket}, source_id, language, handover_requests, bot_replies, waiting_change)
       SELECT bucket, "sourceId", language, "handoverRequests", "botReplies", "waitingChange"
       FROM jsonb_to_recordset($1::jsonb) AS r(bucket ${type}, "sourceId" text, language text,
         "handoverRequests" int, "botReplies" int, "waitingChange" int)
       ORDER BY bucket, "sourceId" COLLATE "C", language COLLATE "C"
       ON CONFLICT (${bucket}, source_id, language) DO UPDATE SET
         handover_requests = t.handover_requests + excluded.handover_requests,
         bot_replies = t.bot_replies + excluded.bot_replies,
         waiting_change = t.waiting_change + excluded.waiting_change`,
      [JSON.stringify([...rows.values()])],
    );
    rows.clear();
  }

  /** The newest poll per bucket and source wins, whatever order the batches come in (as stats_source_availability). */
  private async writeAvailability(manager: EntityManager, resolution: Resolution): Promise<void> {
    const samples = this.availability[resolution];
    if (samples.size === 0) {
      return;
    }
    const { availability, bucket, type } = SERIES_TABLES[resolution];
    await manager.query(
      `INSERT INTO ${availability} AS t (source_id, ${bucket}, available_agents, observed_at, event_id)
       SELECT "sourceId", bucket, "availableAgents", "observedAt", "eventId"
       FROM jsonb_to_recordset($1::jsonb) AS r("sourceId" text, bucket ${type}, "availableAgents" int,
         "observedAt" timestamptz, "eventId" text)
       ORDER BY "sourceId" COLLATE "C", bucket
       ON CONFLICT (source_id, ${bucket}) DO UPDATE SET
         available_agents = excluded.available_agents,
         observed_at = excluded.observed_at,
         event_id = excluded.event_id
       WHERE excluded.observed_at > t.observed_at
          OR (excluded.observed_at = t.observed_at AND excluded.event_id COLLATE "C" > t.event_id COLLATE "C")`,
      [JSON.stringify([...samples.values()])],
    );
    samples.clear();
  }
}
