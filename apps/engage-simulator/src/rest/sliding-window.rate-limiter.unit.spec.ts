import { SlidingWindowRateLimiter } from './sliding-window.rate-limiter';

describe(SlidingWindowRateLimiter.name, () => {
  describe('take', () => {
    it('should refuse above the limit within a minute and allow again once the window rolls', () => {
      let now = 0;
      const limiter = new SlidingWindowRateLimiter(2, () => new Date(now));
      expect(limiter.take('a')).toEqual({ allowed: true });
      now = 20_000;
      expect(limiter.take('a')).toEqual({ allowed: true });
      expect(limiter.take('b')).toEqual({ allowed: true });
      now = 30_000;
      expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
      now = 60_001;
      expect(limiter.take('a')).toEqual({ allowed: true });
    });
  });
});
