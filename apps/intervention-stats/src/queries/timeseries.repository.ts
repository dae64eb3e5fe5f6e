import { type DataSource } from 'typeorm';
import { type Resolution } from '../projection/time-series.evolve';
import { SERIES_TABLES } from '../projection/time-series.writer';
import { type TimeseriesQuery } from './timeseries-query.dto';

export interface TimeseriesPointRow {
  at: Date;
  waiting_threads: number;
  available_agents: number | null;
  handover_requests: number;
  bot_replies: number;
}

const FILTERS = '($3::text IS NULL OR source_id = $3) AND ($4::text IS NULL OR language = $4)';

/**
 * One row per bucket from $1 to $2 (source $3, language $4; for minutes, $5 and $6 are the first
 * bucket's UTC day and its midnight). Counts are the bucket's sums. Levels are running sums: the
 * waiting queue's changes from its level before $1; each source's availability as a change from its
 * previous poll (its newest before $1 first), so the sum over sources carries every source's last
 * poll forward, and stays null until one is known. The levels before $1 read the day rows of earlier
 * days, and for minutes the first day's minute rows before $1: never the whole minute history.
 */
function timeseriesSql(resolution: Resolution): string {
  const { series, availability, bucket, type } = SERIES_TABLES[resolution];
  const minutes = resolution === 'minute';
  const buckets = minutes
    ? `SELECT generate_series($1::timestamptz, $2::timestamptz, interval '1 minute') AS bucket`
    : 'SELECT $1::date + i AS bucket FROM generate_series(0, $2::date - $1::date) AS i';
  const waitingBefore = minutes
    ? `SELECT waiting_change, source_id, language FROM stats_series_day WHERE day < $5::date
       UNION ALL
       SELECT waiting_change, source_id, language FROM stats_series_minute
       WHERE at >= $6::timestamptz AND at < $1::timestamptz`
    : 'SELECT waiting_change, source_id, language FROM stats_series_day WHERE day < $1::date';
  const dayBefore = minutes ? '$5::date' : '$1::date';
  const agentsBefore = `${
    minutes
      ? `(SELECT available_agents, 1 AS rank FROM stats_availability_minute m
          WHERE m.source_id = s.source_id AND m.at >= $6::timestamptz AND m.at < $1::timestamptz
          ORDER BY m.at DESC LIMIT 1)
         UNION ALL `
      : ''
  }(SELECT available_agents, 2 AS rank FROM stats_availability_day d
      WHERE d.source_id = s.source_id AND d.day < ${dayBefore} ORDER BY d.day DESC LIMIT 1)`;
  return `
    WITH buckets AS (${buckets}),
    counts AS (
      SELECT ${bucket} AS bucket, sum(handover_requests) AS handover_requests, sum(bot_replies) AS bot_replies,
             sum(waiting_change) AS waiting_change
      FROM ${series} WHERE ${bucket} BETWEEN $1::${type} AND $2::${type} AND ${FILTERS}
      GROUP BY ${bucket}
    ),
    waiting_before AS (
      SELECT COALESCE(sum(waiting_change), 0) AS level FROM (${waitingBefore}) AS earlier WHERE ${FILTERS}
    ),
    sources AS (SELECT source_id FROM stats_source_availability WHERE $3::text IS NULL OR source_id = $3),
    polls AS (
      SELECT s.source_id, 0 AS seq, $1::${type} AS bucket, before.available_agents
      FROM sources s
      CROSS JOIN LATERAL (SELECT available_agents FROM (${agentsBefore}) AS c ORDER BY rank LIMIT 1) AS before
      UNION ALL
      SELECT a.source_id, 1, a.${bucket}, a.available_agents
      FROM sources s
      JOIN ${availability} a ON a.source_id = s.source_id AND a.${bucket} BETWEEN $1::${type} AND $2::${type}
    ),
    agent_changes AS (
      SELECT bucket, sum(available_agents - COALESCE(previous, 0)) AS change,
             count(*) FILTER (WHERE previous IS NULL) AS known
      FROM (SELECT bucket, available_agents,
                   lag(available_agents) OVER (PARTITION BY source_id COLLATE "C" ORDER BY seq, bucket) AS previous
            FROM polls) AS p
      GROUP BY bucket
    )
    SELECT ${minutes ? 'b.bucket' : `b.bucket::timestamp AT TIME ZONE 'UTC'`} AS at,
           (w.level + sum(COALESCE(c.waiting_change, 0)) OVER running)::int AS waiting_threads,
           CASE WHEN sum(COALESCE(a.known, 0)) OVER running > 0
                THEN (sum(COALESCE(a.change, 0)) OVER running)::int END AS available_agents,
           COALESCE(c.handover_requests, 0)::int AS handover_requests,
           COALESCE(c.bot_replies, 0)::int AS bot_replies
    FROM buckets b
    CROSS JOIN waiting_before w
    LEFT JOIN counts c ON c.bucket = b.bucket
    LEFT JOIN agent_changes a ON a.bucket = b.bucket
    WINDOW running AS (ORDER BY b.bucket)
    ORDER BY b.bucket`;
}

const SQL: Record<Resolution, string> = { minute: timeseriesSql('minute'), day: timeseriesSql('day') };

/** The time series from the projection's minute and day tables (docs/metrics.md, "Time series"). */
export class TimeseriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async points({ filter, resolution, buckets }: TimeseriesQuery): Promise<TimeseriesPointRow[]> {
    if (buckets === null) {
      return [];
    }
    const first = buckets.first.toISOString();
    const day = first.slice(0, 10);
    const parameters =
      resolution === 'minute'
        ? [first, buckets.last.toISOString(), filter.sourceId, filter.language, day, `${day}T00:00:00.000Z`]
        : [day, buckets.last.toISOString().slice(0, 10), filter.sourceId, filter.language];
    return this.dataSource.query(SQL[resolution], parameters);
  }
}
