import { type DataSource } from 'typeorm';
import { wholeDaysAround } from '../rollup/rollup-plan';
import { readRollup } from '../rollup/rollup.reader';
import { type RollupRow } from '../rollup/rollup-rows.sql';
import { type AnalyticsFilter } from './analytics-filter.dto';

/** The analytics queries: conversations from the daily rollup (read live where not stored), the rest from the views. */
export class AnalyticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The conversations first written in [from, to). */
  conversations(filter: AnalyticsFilter): Promise<RollupRow[]> {
    return readRollup(this.dataSource, filter, filter);
  }

  /** The conversations of every UTC day that overlaps [from, to). */
  days(filter: AnalyticsFilter): Promise<RollupRow[]> {
    return readRollup(this.dataSource, wholeDaysAround(filter), filter);
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
