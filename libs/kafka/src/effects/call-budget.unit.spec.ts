import { CallBudget } from './call-budget';

describe('CallBudget', () => {
  it('should allow the limit within a window and refuse the next call until the oldest leaves it', () => {
    const budget = new CallBudget({ calls: 3, windowMs: 1_000 });
    expect(budget.available(0)).toBe(3);
    budget.spend(2, 0);
    budget.spend(1, 400);
    expect(budget.available(999)).toBe(0);
    expect(budget.nextStartAt(999)).toBe(1_000);
    expect(budget.available(1_000)).toBe(2);
    expect(budget.available(1_400)).toBe(3);
  });

  it('should never let more than the limit start in any sliding window', () => {
    const budget = new CallBudget({ calls: 5, windowMs: 100 });
    const starts: number[] = [];
    for (let now = 0; now < 1_000; now += 7) {
      const allowed = budget.available(now);
      budget.spend(allowed, now);
      starts.push(...Array<number>(allowed).fill(now));
    }
    for (const start of starts) {
      expect(starts.filter((other) => other >= start && other < start + 100).length).toBeLessThanOrEqual(5);
    }
    expect(starts.length).toBeGreaterThanOrEqual(45);
  });
});
