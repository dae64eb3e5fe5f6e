import { SlidingWindowRateLimiter } from './sliding-window.rate-limiter';

describe(SlidingWindowRateLimiter.name, () => {
  describe('take', () => {
    it('should refuse above the limit within a minute and allow again once the window rolls', () => {
      let now = 0;
      const limiter = new SlidingWindowRateLimiter({ limit: 2, windowMs: 60_000 }, () => new Date(now));
      expect(limiter.take('a')).toEqual({ allowed: true });
      now = 20_000;
      expect(limiter.take('a')).toEqual({ allowed: true });
      expect(limiter.take('b')).toEqual({ allowed: true });
      now = 30_000;
      expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
      now = 60_001;
      expect(limiter.take('a')).toEqual({ allowed: true });
    });

    it('should count calls per configured window when the window is shorter than a minute', () => {
      let now = 1_000;
      const limiter = new SlidingWindowRateLimiter({ limit: 50, windowMs: 2_000 }, () => new Date(now));

      const first = Array.from({ length: 50 }, () => limiter.take('app'));
      now = 1_500;
      const refused = limiter.take('app');
      now = 2_999;
      const stillRefused = limiter.take('app');
      now = 3_000;
      const allowedAgain = limiter.take('app');

      expect(first.every((decision) => decision.allowed)).toBe(true);
      expect(refused).toEqual({ allowed: false, retryAfterSeconds: 2 });
      expect(stillRefused).toEqual({ allowed: false, retryAfterSeconds: 1 });
      expect(allowedAgain).toEqual({ allowed: true });
    });

    it('should not count refused calls against the next window', () => {
      let now = 0;
      const limiter = new SlidingWindowRateLimiter({ limit: 1, windowMs: 1_000 }, () => new Date(now));
      limiter.take('app');
      for (now = 100; now < 1_000; now += 100) {
        expect(limiter.take('app').allowed).toBe(false);
      }

      now = 1_000;

      expect(limiter.take('app')).toEqual({ allowed: true });
    });
  });
});
