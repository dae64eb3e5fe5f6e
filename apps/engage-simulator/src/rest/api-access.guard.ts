import { PlatformError, PlatformErrorCode } from '../platform/platform.exception';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { SIMULATOR_CONFIG, SimulatorConfig } from '../config/simulator.config';
import { type ApiRequest } from './api-request.decorators';
import { apiTokenOf } from './api-token.util';
import { API_TOKENS, type ApiTokens, RATE_LIMITER } from './simulator.tokens';
import { SlidingWindowRateLimiter } from './sliding-window.rate-limiter';

/** A known access token (§2.1), then the rate limit per token (500 requests/min by default). */
@Injectable()
export class ApiAccessGuard implements CanActivate {
  constructor(
    @Inject(API_TOKENS) private readonly tokens: ApiTokens,
    @Inject(RATE_LIMITER) private readonly limiter: SlidingWindowRateLimiter,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const token = apiTokenOf(request);
    const userId = token === undefined ? undefined : this.tokens.get(token);
    if (token === undefined || userId === undefined) {
      throw new PlatformError(
        PlatformErrorCode.InvalidAccessToken,
        this.config.SIMULATOR_INVALID_TOKEN_STATUS,
        'Invalid access token',
      );
    }
    const decision = this.limiter.take(token);
    if (!decision.allowed) {
      throw new PlatformError(
        PlatformErrorCode.RateLimitExceeded,
        429,
        'Rate limit exceeded',
        decision.retryAfterSeconds,
      );
    }
    request.apiUserId = userId;
    return true;
  }
}
