import { type SummaryRow } from './analytics.repository';

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

/** Pure: counts into rates. A rate over nothing is 0, never NaN; outcome rates sum to exactly 1. */
export function summarize(
  row: SummaryRow,
  byReason: ReadonlyArray<{ reason: string; count: number }>,
): AnalyticsSummary {
  const n = row.conversations;
  const share = (count: number, of: number): number => (of === 0 ? 0 : count / of);
  const outcome = (count: number) => ({ count, rate: share(count, n) });
  return {
    conversations: n,
    outcomes: {
      resolved_by_bot: outcome(row.resolved_by_bot),
      handed_over: outcome(row.handed_over),
      waiting: outcome(row.waiting),
      with_bot: outcome(row.with_bot),
    },
    containment_rate: share(row.resolved_by_bot, n),
    handover_rate: share(row.handed_over, n),
    handover_rate_by_reason: Object.fromEntries(
      byReason.map(({ reason, count }) => [reason, share(count, n)]),
    ),
    no_agent_rate: share(row.queued, row.handover_requests),
    reopen_rate: share(row.reopened, row.with_closed_intervention),
    bounce_back_rate: share(row.bounced_back, row.handed_over),
    time_to_first_bot_reply_ms: { p50: ms(row.first_bot_reply_p50_ms), p90: ms(row.first_bot_reply_p90_ms) },
    time_to_handover_ms: { p50: ms(row.handover_p50_ms), p90: ms(row.handover_p90_ms) },
    waiting_time_ms: { p50: ms(row.waiting_p50_ms), p90: ms(row.waiting_p90_ms) },
  };
}

function ms(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value));
}
