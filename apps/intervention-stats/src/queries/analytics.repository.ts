import { type DataSource } from 'typeorm';
import { type AnalyticsFilter } from './analytics-filter.dto';

export interface SummaryRow {
  conversations: number;
  resolved_by_bot: number;
  handed_over: number;
  waiting: number;
  with_bot: number;
  handover_requests: number;
  queued: number;
  with_closed_intervention: number;
  reopened: number;
  bounced_back: number;
  first_bot_reply_p50_ms: number | null;
  first_bot_reply_p90_ms: number | null;
  handover_p50_ms: number | null;
  handover_p90_ms: number | null;
  waiting_p50_ms: number | null;
  waiting_p90_ms: number | null;
}

const FILTER = `first_customer_at >= $1 AND first_customer_at < $2
  AND ($3::text IS NULL OR source_id = $3) AND ($4::text IS NULL OR language = $4)`;

/** The analytics queries, all over the documented views (thread_stats, daily_stats). */
export class AnalyticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async summary(filter: AnalyticsFilter): Promise<SummaryRow> {
    const [row] = await this.dataSource.query<SummaryRow[]>(
      `SELECT count(*)::int AS conversations,
              count(*) FILTER (WHERE outcome = 'resolved_by_bot')::int AS resolved_by_bot,
              count(*) FILTER (WHERE outcome = 'handed_over')::int AS handed_over,
              count(*) FILTER (WHERE outcome = 'waiting')::int AS waiting,
              count(*) FILTER (WHERE outcome = 'with_bot')::int AS with_bot,
              count(*) FILTER (WHERE first_handover_request_at IS NOT NULL OR first_handed_over_at IS NOT NULL)::int
                AS handover_requests,
              count(*) FILTER (WHERE first_queued_at IS NOT NULL)::int AS queued,
              count(*) FILTER (WHERE interventions_closed > 0)::int AS with_closed_intervention,
              count(*) FILTER (WHERE interventions_reopened > 0)::int AS reopened,
              count(*) FILTER (WHERE returns_to_bot > 0)::int AS bounced_back,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_first_bot_ms) AS first_bot_reply_p50_ms,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY time_to_first_bot_ms) AS first_bot_reply_p90_ms,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_handover_ms) AS handover_p50_ms,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY time_to_handover_ms) AS handover_p90_ms,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY waited_ms) AS waiting_p50_ms,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY waited_ms) AS waiting_p90_ms
       FROM thread_stats WHERE ${FILTER}`,
      params(filter),
    );
    return row;
  }

  async handedOverByReason(filter: AnalyticsFilter): Promise<Array<{ reason: string; count: number }>> {
    return this.dataSource.query(
      `SELECT COALESCE(handover_reason, 'unknown') AS reason, count(*)::int AS count
       FROM thread_stats WHERE outcome = 'handed_over' AND ${FILTER}
       GROUP BY 1 ORDER BY 2 DESC, 1`,
      params(filter),
    );
  }

  async daily(filter: AnalyticsFilter): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(
      `SELECT day::text AS day, source_id, language, conversations::int, resolved_by_bot::int, handed_over::int,
              waiting::int, with_bot::int, handover_requests::int, queued::int, reopened::int, bounced_back::int,
              first_bot_reply_p50_ms, handover_p50_ms
       FROM daily_stats
       -- Days that start before to (excluded): a to at midnight does not count its own day.
       WHERE day >= ($1::timestamptz AT TIME ZONE 'UTC')::date
         AND day < (($2::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond')::date + 1
         AND ($3::text IS NULL OR source_id = $3) AND ($4::text IS NULL OR language = $4)
       ORDER BY day, source_id, language`,
      params(filter),
    );
  }

  /** Interventions opened in the range, by who opened and closed them, with durations per closer. */
  async interventions(filter: AnalyticsFilter): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(
      `SELECT COALESCE(opened_by, 'unknown') AS opened_by, COALESCE(closed_by, 'open') AS closed_by,
              count(*)::int AS count, COALESCE(sum(reopens), 0)::int AS reopens,
              count(*) FILTER (WHERE reopens > 0)::int AS reopened,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS duration_p50_ms,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY duration_ms) AS duration_p90_ms
       FROM interventions
       WHERE opened_at >= $1 AND opened_at < $2 AND ($3::text IS NULL OR source_id = $3)
       GROUP BY 1, 2 ORDER BY 1, 2`,
      params(filter).slice(0, 3),
    );
  }

  async thread(threadId: string): Promise<Record<string, unknown> | undefined> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      'SELECT * FROM thread_stats WHERE thread_id = $1',
      [threadId],
    );
    return rows[0];
  }

  async timeline(threadId: string): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.query(
      `SELECT at, topic, type, event_id, detail FROM stats_timeline WHERE thread_id = $1 ORDER BY at, event_id`,
      [threadId],
    );
  }
}

function params(filter: AnalyticsFilter): unknown[] {
  return [filter.from.toISOString(), filter.to.toISOString(), filter.sourceId, filter.language];
}
