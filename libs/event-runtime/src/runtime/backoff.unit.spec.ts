import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const options = { baseDelayMs: 200, maxDelayMs: 30_000 };

  it('should double the step after each attempt and stay between half the step and the step', () => {
    const lowest = [1, 2, 3, 4].map((attempts) => backoffDelayMs(attempts, options, () => 0));
    const highest = [1, 2, 3, 4].map((attempts) => backoffDelayMs(attempts, options, () => 1));

    expect(lowest).toEqual([100, 200, 400, 800]);
    expect(highest).toEqual([200, 400, 800, 1_600]);
  });

  it('should never wait longer than the cap, however many attempts were made', () => {
    expect(backoffDelayMs(40, options, () => 1)).toBe(30_000);
    expect(backoffDelayMs(40, options, () => 0)).toBe(15_000);
  });
});
