import { EngageApiError, EngageApiErrorCode } from './engage-api.exception';
import { retryDelayMs } from './engage-retry.policy';

const policy = { maxRetries: 3, baseDelayMs: 1_000, random: () => 1 };
const error = (code: EngageApiErrorCode, retryAfterSeconds?: number) =>
  new EngageApiError(code, 'GET /status', undefined, undefined, retryAfterSeconds);

describe('retryDelayMs', () => {
  it('doubles the ceiling each attempt and stops after maxRetries', () => {
    const delays = [0, 1, 2, 3].map((attempt) =>
      retryDelayMs(error(EngageApiErrorCode.Timeout), attempt, policy),
    );

    expect(delays).toEqual([1_000, 2_000, 4_000, undefined]);
  });

  it('keeps at least half the ceiling whatever the jitter draws', () => {
    expect(retryDelayMs(error(EngageApiErrorCode.ServerError), 1, { ...policy, random: () => 0 })).toBe(
      1_000,
    );
  });

  it('caps the backoff at 30 s', () => {
    expect(retryDelayMs(error(EngageApiErrorCode.NetworkError), 9, { ...policy, maxRetries: 10 })).toBe(
      30_000,
    );
  });

  it("prefers a 429's Retry-After", () => {
    expect(retryDelayMs(error(EngageApiErrorCode.RateLimited, 12), 0, policy)).toBe(12_000);
  });

  it.each([EngageApiErrorCode.ClientError, EngageApiErrorCode.InvalidResponse])(
    'never retries %s',
    (code) => {
      expect(retryDelayMs(error(code), 0, policy)).toBeUndefined();
    },
  );
});
