import { durationBucketSql } from './duration-histogram';
import { type RollupDefinition } from './rollup-definition';

/** The counts of a rollup row, each defined in docs/metrics.md. */
export const ROLLUP_COUNTS = [
  'conversations',
  'resolved_by_bot',
  'handed_over',
  'waiting',
  'with_bot',
  'handover_requests',
  'queued',
  'with_closed_intervention',
  'reopened',
  'bounced_back',
] as const;

/** Its histograms (bucket → count), and the handed-over conversations by reason (reason → count). */
export const ROLLUP_HISTOGRAMS = ['first_bot_reply_ms', 'handover_ms', 'waiting_ms'] as const;

export type RollupCount = (typeof ROLLUP_COUNTS)[number];
export type RollupHistogram = (typeof ROLLUP_HISTOGRAMS)[number];

/** A day × source × language of conversations, as stored in stats_daily or computed live. */
export type ConversationRollupRow = {
  day: string;
  source_id: string | null;
  language: string | null;
} & Record<RollupCount, number> &
  Record<RollupHistogram | 'handed_over_by_reason', Record<string, number>>;

const COLUMNS = [
  'day',
  'source_id',
  'language',
  ...ROLLUP_COUNTS,
  'handed_over_by_reason',
  ...ROLLUP_HISTOGRAMS,
];

// GROUPING(reason, first_bot_bucket, handover_bucket, waiting_bucket): a bit set per column not
// grouped on, the first being the highest.
const PER_ROW = 15;
const BY_REASON = 7;
const BY_FIRST_BOT = 11;
const BY_HANDOVER = 13;
const BY_WAITING = 14;

/**
 * The conversations of thread_stats, per day (of the customer's first message), source and
 * language, in stats_daily: counts, handed-over conversations by reason, duration histograms.
 */
export const CONVERSATION_ROLLUP: RollupDefinition = {
  table: 'stats_daily',
  columns: COLUMNS,
  timeColumn: 'first_customer_at',
  filterColumns: ['source_id', 'language'],
  rowsSql: conversationRowsSql,
};

function conversationRowsSql(where: string): string {
  const histogram = (bucket: string, grouping: number): string =>
    `COALESCE(jsonb_object_agg(${bucket}, n) FILTER (WHERE grouped_by = ${grouping} AND ${bucket} IS NOT NULL), '{}')`;
  return `
    WITH t AS MATERIALIZED (
      SELECT day, source_id, language, outcome,
             first_handover_request_at IS NOT NULL OR first_handed_over_at IS NOT NULL AS requested,
             first_queued_at IS NOT NULL AS queued, interventions_closed > 0 AS closed,
             interventions_reopened > 0 AS reopened, returns_to_bot > 0 AS bounced_back,
             CASE WHEN outcome = 'handed_over' THEN COALESCE(handover_reason, 'unknown') END AS reason,
             ${durationBucketSql('time_to_first_bot_ms')} AS first_bot_bucket,
             ${durationBucketSql('time_to_handover_ms')} AS handover_bucket,
             ${durationBucketSql('waited_ms')} AS waiting_bucket
      FROM thread_stats WHERE ${where}),
    g AS (
      SELECT day, source_id, language, reason, first_bot_bucket, handover_bucket, waiting_bucket,
             GROUPING(reason, first_bot_bucket, handover_bucket, waiting_bucket) AS grouped_by,
             count(*)::int AS n,
             count(*) FILTER (WHERE outcome = 'resolved_by_bot')::int AS resolved_by_bot,
             count(*) FILTER (WHERE outcome = 'handed_over')::int AS handed_over,
             count(*) FILTER (WHERE outcome = 'waiting')::int AS waiting,
             count(*) FILTER (WHERE outcome = 'with_bot')::int AS with_bot,
             count(*) FILTER (WHERE requested)::int AS handover_requests,
             count(*) FILTER (WHERE queued)::int AS queued,
             count(*) FILTER (WHERE closed)::int AS with_closed_intervention,
             count(*) FILTER (WHERE reopened)::int AS reopened,
             count(*) FILTER (WHERE bounced_back)::int AS bounced_back
      FROM t
      GROUP BY GROUPING SETS ((day, source_id, language), (day, source_id, language, reason),
        (day, source_id, language, first_bot_bucket), (day, source_id, language, handover_bucket),
        (day, source_id, language, waiting_bucket)))
    SELECT day::text AS day, source_id, language,
           max(n) FILTER (WHERE grouped_by = ${PER_ROW}) AS conversations,
           ${ROLLUP_COUNTS.slice(1)
             .map((count) => `max(${count}) FILTER (WHERE grouped_by = ${PER_ROW}) AS ${count}`)
             .join(',\n           ')},
           COALESCE(jsonb_object_agg(reason, n) FILTER (WHERE grouped_by = ${BY_REASON} AND reason IS NOT NULL), '{}')
             AS handed_over_by_reason,
           ${histogram('first_bot_bucket', BY_FIRST_BOT)} AS first_bot_reply_ms,
           ${histogram('handover_bucket', BY_HANDOVER)} AS handover_ms,
           ${histogram('waiting_bucket', BY_WAITING)} AS waiting_ms
    FROM g
    GROUP BY day, source_id, language`;
}
