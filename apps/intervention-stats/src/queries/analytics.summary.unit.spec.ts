import { bucketBounds } from '../rollup/duration-histogram';
import { type ConversationRollupRow } from '../rollup/conversation-rollup';
import { dailyFigures, summarize } from './analytics.summary';

function row(overrides: Partial<ConversationRollupRow>): ConversationRollupRow {
  return {
    day: '2026-10-01',
    source_id: 'web',
    language: 'fr',
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
    handed_over_by_reason: {},
    first_bot_reply_ms: {},
    handover_ms: {},
    waiting_ms: {},
    ...overrides,
  };
}

describe('summarize', () => {
  it('should give 0, never NaN, when there is nothing to count', () => {
    for (const rows of [[], [row({})]]) {
      const summary = summarize(rows);
      expect(summary.containment_rate).toBe(0);
      expect(summary.no_agent_rate).toBe(0);
      expect(summary.time_to_handover_ms).toEqual({ p50: null, p90: null });
    }
  });

  it('should add the days up, then turn counts into rates over their own denominators', () => {
    const summary = summarize([
      row({
        conversations: 5,
        resolved_by_bot: 4,
        handed_over: 1,
        handover_requests: 1,
        handed_over_by_reason: { explicit: 1 },
        first_bot_reply_ms: { '150': 5 },
      }),
      row({
        day: '2026-10-02',
        conversations: 3,
        resolved_by_bot: 1,
        handed_over: 1,
        waiting: 1,
        handover_requests: 2,
        queued: 2,
        bounced_back: 1,
        handed_over_by_reason: { explicit: 1 },
      }),
    ]);
    expect(summary).toMatchObject({
      conversations: 8,
      containment_rate: 5 / 8,
      handover_rate: 2 / 8,
      handover_rate_by_reason: { explicit: 2 / 8 },
      no_agent_rate: 2 / 3,
      bounce_back_rate: 1 / 2,
      time_to_handover_ms: { p50: null, p90: null },
    });
    const { low, high } = bucketBounds(150);
    expect(summary.time_to_first_bot_reply_ms.p50).toBeGreaterThanOrEqual(Math.floor(low));
    expect(summary.time_to_first_bot_reply_ms.p90).toBeLessThanOrEqual(Math.ceil(high));
    expect(Object.values(summary.outcomes).reduce((sum, outcome) => sum + outcome.rate, 0)).toBe(1);
  });

  it('should list the reasons by count, their rates summing to the handover rate', () => {
    const summary = summarize([
      row({ conversations: 10, handed_over: 4, handed_over_by_reason: { fallbacks: 1, explicit: 3 } }),
    ]);
    expect(Object.keys(summary.handover_rate_by_reason)).toEqual(['explicit', 'fallbacks']);
    expect(Object.values(summary.handover_rate_by_reason).reduce((sum, rate) => sum + rate, 0)).toBe(
      summary.handover_rate,
    );
  });
});

describe('dailyFigures', () => {
  it('should list days, then sources, then languages, unknown ones last, each with its own p50', () => {
    const days = dailyFigures([
      row({ day: '2026-10-02', conversations: 1 }),
      row({ source_id: null, conversations: 2 }),
      row({ language: 'en', conversations: 3, handover_ms: { '200': 1 } }),
    ]);
    expect(days.map((day) => [day.day, day.source_id, day.language, day.conversations])).toEqual([
      ['2026-10-01', 'web', 'en', 3],
      ['2026-10-01', null, 'fr', 2],
      ['2026-10-02', 'web', 'fr', 1],
    ]);
    expect(days[0].handover_p50_ms).toBeGreaterThan(bucketBounds(200).low - 1);
    expect(days[1].handover_p50_ms).toBeNull();
  });
});
