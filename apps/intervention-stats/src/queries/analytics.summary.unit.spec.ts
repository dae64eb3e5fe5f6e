import { type SummaryRow } from './analytics.repository';
import { summarize } from './analytics.summary';

const empty: SummaryRow = {
  conversations: 0,
  resolved_by_bot: 0,
  handed_over: 0,
  waiting: 0,
  with_bot: 0,
  handover_requests: 0,
  queued: 0,
  with_closed_intervention: 0,
  reopened: 0,
  bounced_back: 0,
  first_bot_reply_p50_ms: null,
  first_bot_reply_p90_ms: null,
  handover_p50_ms: null,
  handover_p90_ms: null,
  waiting_p50_ms: null,
  waiting_p90_ms: null,
};

describe('summarize', () => {
  it('should give 0, never NaN, when there is nothing to count', () => {
    const summary = summarize(empty, []);
    expect(summary.containment_rate).toBe(0);
    expect(summary.no_agent_rate).toBe(0);
    expect(summary.time_to_handover_ms).toEqual({ p50: null, p90: null });
  });

  it('should turn counts into rates over their own denominators', () => {
    const summary = summarize(
      {
        ...empty,
        conversations: 8,
        resolved_by_bot: 5,
        handed_over: 2,
        waiting: 1,
        handover_requests: 3,
        queued: 2,
        bounced_back: 1,
        first_bot_reply_p50_ms: 812.4,
      },
      [{ reason: 'explicit', count: 2 }],
    );
    expect(summary).toMatchObject({
      containment_rate: 5 / 8,
      handover_rate: 2 / 8,
      handover_rate_by_reason: { explicit: 2 / 8 },
      no_agent_rate: 2 / 3,
      bounce_back_rate: 1 / 2,
      time_to_first_bot_reply_ms: { p50: 812, p90: null },
    });
    expect(Object.values(summary.outcomes).reduce((sum, outcome) => sum + outcome.rate, 0)).toBe(1);
  });
});
