import { planRollup, wholeDaysAround } from './rollup-plan';

const at = (iso: string): Date => new Date(iso);
const ranges = (plan: ReturnType<typeof planRollup>): string[][] =>
  plan.liveRanges.map((range) => [range.from.toISOString(), range.to.toISOString()]);

describe('planRollup', () => {
  it('reads whole refreshed days from stats_daily and nothing live', () => {
    const plan = planRollup({ from: at('2026-10-01'), to: at('2026-10-04') }, new Set());
    expect(plan.storedDays).toEqual(['2026-10-01', '2026-10-02', '2026-10-03']);
    expect(plan.liveRanges).toEqual([]);
  });

  it('computes the partial days at both ends live', () => {
    const plan = planRollup({ from: at('2026-10-01T18:00:00Z'), to: at('2026-10-03T06:00:00Z') }, new Set());
    expect(plan.storedDays).toEqual(['2026-10-02']);
    expect(ranges(plan)).toEqual([
      ['2026-10-01T18:00:00.000Z', '2026-10-02T00:00:00.000Z'],
      ['2026-10-03T00:00:00.000Z', '2026-10-03T06:00:00.000Z'],
    ]);
  });

  it('computes days changed since their refresh live, merged with an adjacent end', () => {
    const plan = planRollup(
      { from: at('2026-10-01T12:00:00Z'), to: at('2026-10-05') },
      new Set(['2026-10-02', '2026-10-04', '2026-09-30']),
    );
    expect(plan.storedDays).toEqual(['2026-10-03']);
    expect(ranges(plan)).toEqual([
      ['2026-10-01T12:00:00.000Z', '2026-10-03T00:00:00.000Z'],
      ['2026-10-04T00:00:00.000Z', '2026-10-05T00:00:00.000Z'],
    ]);
  });

  it('computes a range within one day live, and an empty range as nothing', () => {
    const within = { from: at('2026-10-01T01:00:00Z'), to: at('2026-10-01T02:00:00Z') };
    expect(planRollup(within, new Set())).toEqual({ storedDays: [], liveRanges: [within] });
    expect(planRollup({ from: at('2026-10-02'), to: at('2026-10-01') }, new Set())).toEqual({
      storedDays: [],
      liveRanges: [],
    });
  });

  it('widens a range to the UTC days it overlaps, for the daily listing', () => {
    expect(wholeDaysAround({ from: at('2026-10-01T18:00:00Z'), to: at('2026-10-03T00:00:00Z') })).toEqual({
      from: at('2026-10-01'),
      to: at('2026-10-03'),
    });
  });
});
