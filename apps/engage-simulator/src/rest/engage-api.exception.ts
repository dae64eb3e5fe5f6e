export enum ApiErrorCode {
  InvalidAccessToken = 'invalid_access_token',
  RateLimitExceeded = 'rate_limit_exceeded',
}

/** Refusals decided by the HTTP layer (auth, rate limit), rendered like PlatformError. */
export class EngageApiRefusal extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'EngageApiRefusal';
  }
}
