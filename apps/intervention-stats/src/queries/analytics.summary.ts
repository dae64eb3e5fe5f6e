import { mergeHistogram, percentileOf } from '../rollup/duration-histogram';
import { type InterventionRollupRow } from '../rollup/intervention-rollup';
import {
  ROLLUP_COUNTS,
  type RollupCount,
  type RollupHistogram,
  type ConversationRollupRow,
} from '../rollup/conversation-rollup';

export interface Percentiles {
  p50: number | null;
  p90: number | null;
}

/** What GET /analytics/summary answers; every rate is defined in docs/metrics.md. */
export interface AnalyticsSummary {
  conversations: number;
  outcomes: Record<
    'resolved_by_bot' | 'handed_over' | 'waiting' | 'with_bot',
    { count: number; rate: number }
  >;
  containment_rate: number;
  handover_rate: number;
  handover_rate_by_reason: Record<string, number>;
  no_agent_rate: number;
  reopen_rate: number;
  bounce_back_rate: number;
  time_to_first_bot_reply_ms: Percentiles;
  time_to_handover_ms: Percentiles;
  waiting_time_ms: Percentiles;
}

/** One group of GET /analytics/interventions. */
export interface InterventionGroup {
  opened_by: string;
  closed_by: string;
  count: number;
  reopens: number;
  reopened: number;
  duration_p50_ms: number | null;
  duration_p90_ms: number | null;
}

/** One row of GET /analytics/daily. */
export type DailyFigures = Pick<ConversationRollupRow, 'day' | 'source_id' | 'language'> &
  Record<RollupCount, number> & { first_bot_reply_p50_ms: number | null; handover_p50_ms: number | null };

/** Pure: rollup rows into rates. A rate over nothing is 0, never NaN; outcome rates sum to exactly 1. */
export function summarize(rows: readonly ConversationRollupRow[]): AnalyticsSummary {
  const counts = sumCounts(rows);
  const n = counts.conversations;
  const share = (count: number, of: number): number => (of === 0 ? 0 : count / of);
  const outcome = (count: number) => ({ count, rate: share(count, n) });
  const byReason = new Map<string, number>();
  for (const row of rows) {
    for (const [reason, count] of Object.entries(row.handed_over_by_reason)) {
      byReason.set(reason, (byReason.get(reason) ?? 0) + count);
    }
  }
  return {
    conversations: n,
    outcomes: {
      resolved_by_bot: outcome(counts.resolved_by_bot),
      handed_over: outcome(counts.handed_over),
      waiting: outcome(counts.waiting),
      with_bot: outcome(counts.with_bot),
    },
    containment_rate: share(counts.resolved_by_bot, n),
    handover_rate: share(counts.handed_over, n),
    handover_rate_by_reason: Object.fromEntries(
      [...byReason.entries()]
        .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
        .map(([reason, count]) => [reason, share(count, n)]),
    ),
    no_agent_rate: share(counts.queued, counts.handover_requests),
    reopen_rate: share(counts.reopened, counts.with_closed_intervention),
    bounce_back_rate: share(counts.bounced_back, counts.handed_over),
    time_to_first_bot_reply_ms: percentiles(rows, 'first_bot_reply_ms'),
    time_to_handover_ms: percentiles(rows, 'handover_ms'),
    waiting_time_ms: percentiles(rows, 'waiting_ms'),
  };
}

/** Pure: one row per day, source and language, in that order (unknown source or language last). */
export function dailyFigures(rows: readonly ConversationRollupRow[]): DailyFigures[] {
  return [...rows]
    .sort(
      (a, b) => compare(a.day, b.day) || compare(a.source_id, b.source_id) || compare(a.language, b.language),
    )
    .map((row) => ({
      day: row.day,
      source_id: row.source_id,
      language: row.language,
      ...sumCounts([row]),
      first_bot_reply_p50_ms: percentiles([row], 'first_bot_reply_ms').p50,
      handover_p50_ms: percentiles([row], 'handover_ms').p50,
    }));
}

/** Pure: the interventions by opener, then closer, their days and sources added up. */
export function interventionGroups(rows: readonly InterventionRollupRow[]): InterventionGroup[] {
  const groups = new Map<string, { rows: InterventionRollupRow[]; openedBy: string; closedBy: string }>();
  for (const row of rows) {
    const key = `${row.opened_by}\u0000${row.closed_by}`;
    const group = groups.get(key) ?? { rows: [], openedBy: row.opened_by, closedBy: row.closed_by };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => compare(a.openedBy, b.openedBy) || compare(a.closedBy, b.closedBy))
    .map(({ rows: ofGroup, openedBy, closedBy }) => {
      const durations = new Map<number, number>();
      ofGroup.forEach((row) => mergeHistogram(durations, row.duration_ms));
      const sum = (pick: (row: InterventionRollupRow) => number): number =>
        ofGroup.reduce((total, row) => total + Number(pick(row)), 0);
      return {
        opened_by: openedBy,
        closed_by: closedBy,
        count: sum((row) => row.interventions),
        reopens: sum((row) => row.reopens),
        reopened: sum((row) => row.reopened),
        duration_p50_ms: ms(percentileOf(durations, 0.5)),
        duration_p90_ms: ms(percentileOf(durations, 0.9)),
      };
    });
}

function sumCounts(rows: readonly ConversationRollupRow[]): Record<RollupCount, number> {
  const sums = Object.fromEntries(ROLLUP_COUNTS.map((count) => [count, 0])) as Record<RollupCount, number>;
  for (const row of rows) {
    for (const count of ROLLUP_COUNTS) {
      sums[count] += Number(row[count] ?? 0);
    }
  }
  return sums;
}

function percentiles(rows: readonly ConversationRollupRow[], histogram: RollupHistogram): Percentiles {
  const merged = new Map<number, number>();
  for (const row of rows) {
    mergeHistogram(merged, row[histogram]);
  }
  return { p50: ms(percentileOf(merged, 0.5)), p90: ms(percentileOf(merged, 0.9)) };
}

function ms(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

function compare(a: string | null, b: string | null): number {
  if (a === b) {
    return 0;
  }
  if (a === null || b === null) {
    return a === null ? 1 : -1;
  }
  return a < b ? -1 : 1;
}
