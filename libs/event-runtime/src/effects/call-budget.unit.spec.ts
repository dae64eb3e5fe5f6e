import { CallBudget } from './call-budget';

describe('CallBudget', () => {
  it('should allow the limit within a window and free a slot one window after its call ended', () => {
    const budget = new CallBudget({ calls: 3, windowMs: 1_000 });
    expect(budget.available(0)).toBe(3);
    const [a, b] = budget.spend(2);
    const [c] = budget.spend(1);
    budget.end(a, 100);
    budget.end(b, 300);
    expect(budget.available(999)).toBe(0);
    expect(budget.nextStartAt(999)).toBe(1_100);
    expect(budget.available(1_100)).toBe(1);
    expect(budget.available(1_300)).toBe(2);
    // A call still in flight holds its slot however long it takes.
    expect(budget.available(60_000)).toBe(2);
    budget.end(c, 60_000);
    expect(budget.available(61_000)).toBe(3);
  });

  it('should keep arrivals within the limit per window whatever the latency of each call', () => {
    const budget = new CallBudget({ calls: 5, windowMs: 100 });
    const arrivals: number[] = [];
    const inFlight: Array<{ endAt: number; slot: ReturnType<CallBudget['spend']>[number] }> = [];
    for (let now = 0; now < 2_000; now += 1) {
      for (const call of inFlight.filter((item) => item.endAt === now)) {
        budget.end(call.slot, now);
      }
      for (const slot of budget.spend(budget.available(now))) {
        // Latency between 1 and 60 ms; the platform counts the call somewhere in between.
        const latency = 1 + ((now * 7919 + arrivals.length) % 60);
        arrivals.push(now + Math.floor(latency / 2));
        inFlight.push({ endAt: now + latency, slot });
      }
    }
    for (const start of arrivals) {
      expect(arrivals.filter((at) => at >= start && at < start + 100).length).toBeLessThanOrEqual(5);
    }
    expect(arrivals.length).toBeGreaterThan(50);
  });
});
