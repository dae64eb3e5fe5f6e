import { FaultPlan } from './fault-plan';

describe(FaultPlan.name, () => {
  describe('next', () => {
    it('should apply no fault to an endpoint without a rule', () => {
      expect(new FaultPlan().next('GET /status')).toEqual({ kind: 'none', latencyMs: 0 });
    });

    it('should answer a 429 burst first, then let calls through', () => {
      const plan = new FaultPlan();
      plan.set({ endpoint: '*', rateLimitBurst: 2 });

      expect(['GET /status', 'POST /contents', 'GET /status'].map((e) => plan.next(e).kind)).toEqual([
        'rate_limited',
        'rate_limited',
        'none',
      ]);
    });

    it('should fail the share of calls given by the error rate, with the configured status', () => {
      const draws = [0.1, 0.9, 0.2];
      const plan = new FaultPlan(() => draws.shift() ?? 1);
      plan.set({ endpoint: 'POST /contents', errorRate: 0.5, errorStatus: 503 });

      expect([1, 2, 3].map(() => plan.next('POST /contents'))).toEqual([
        { kind: 'error', status: 503, latencyMs: 0 },
        { kind: 'none', latencyMs: 0 },
        { kind: 'error', status: 503, latencyMs: 0 },
      ]);
    });

    it('should prefer the endpoint rule to the catch-all and expire a rule after its remaining calls', () => {
      const plan = new FaultPlan();
      plan.set({ endpoint: '*', latencyMs: 5 });
      plan.set({ endpoint: 'POST /contents', dropAfterWrite: true, remaining: 1 });

      expect(plan.next('POST /contents')).toEqual({ kind: 'drop_after_write', latencyMs: 0 });
      expect(plan.next('POST /contents')).toEqual({ kind: 'none', latencyMs: 5 });
      expect(plan.list().map((rule) => rule.endpoint)).toEqual(['*']);
    });
  });
});
