import { durationBucketSql } from './duration-histogram';
import { type RollupDefinition } from './rollup-definition';

/** A day × source × opener × closer of interventions, as stored in stats_daily_intervention or computed live. */
export interface InterventionRollupRow {
  day: string;
  source_id: string | null;
  /** bot, agent or unknown. */
  opened_by: string;
  /** bot, agent, unknown, or open while never closed. */
  closed_by: string;
  interventions: number;
  reopens: number;
  reopened: number;
  /** Histogram of the durations of the closed ones: bucket → count (duration-histogram.ts). */
  duration_ms: Record<string, number>;
}

/** The interventions of the view `interventions`, per day opened (UTC), source, opener and closer. */
export const INTERVENTION_ROLLUP: RollupDefinition = {
  table: 'stats_daily_intervention',
  columns: [
    'day',
    'source_id',
    'opened_by',
    'closed_by',
    'interventions',
    'reopens',
    'reopened',
    'duration_ms',
  ],
  timeColumn: 'opened_at',
  filterColumns: ['source_id'],
  rowsSql: (where) => `
    WITH t AS MATERIALIZED (
      SELECT (opened_at AT TIME ZONE 'UTC')::date AS day, source_id, COALESCE(opened_by, 'unknown') AS opened_by,
             COALESCE(closed_by, 'open') AS closed_by, reopens, ${durationBucketSql('duration_ms')} AS bucket
      FROM interventions WHERE ${where}),
    g AS (
      SELECT day, source_id, opened_by, closed_by, bucket, GROUPING(bucket) AS grouped_by, count(*)::int AS n,
             sum(reopens)::int AS reopens, count(*) FILTER (WHERE reopens > 0)::int AS reopened
      FROM t
      GROUP BY GROUPING SETS ((day, source_id, opened_by, closed_by), (day, source_id, opened_by, closed_by, bucket)))
    SELECT day::text AS day, source_id, opened_by, closed_by,
           max(n) FILTER (WHERE grouped_by = 1) AS interventions,
           max(reopens) FILTER (WHERE grouped_by = 1) AS reopens,
           max(reopened) FILTER (WHERE grouped_by = 1) AS reopened,
           COALESCE(jsonb_object_agg(bucket, n) FILTER (WHERE grouped_by = 0 AND bucket IS NOT NULL), '{}')
             AS duration_ms
    FROM g
    GROUP BY day, source_id, opened_by, closed_by`,
};
