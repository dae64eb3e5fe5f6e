import { PlatformError, PlatformErrorCode } from '../platform/platform.exception';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { SIMULATOR_CONFIG, SimulatorConfig } from '../config/simulator.config';
import { type ApiRequest } from './api-request.decorators';
import { API_TOKENS, type ApiTokens, RATE_LIMITER } from './simulator.tokens';
import { SlidingWindowRateLimiter } from './sliding-window.rate-limiter';

/** `Authorization: Bearer` or `access_token` in query or form (§2.1), then 500 requests/min per token. */
@Injectable()
export class ApiAccessGuard implements CanActivate {
  constructor(
    @Inject(API_TOKENS) private readonly tokens: ApiTokens,
    @Inject(RATE_LIMITER) private readonly limiter: SlidingWindowRateLimiter,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ApiRequest>();
    const token = tokenOf(request);
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

function tokenOf(request: ApiRequest): string | undefined {
  const header = request.headers.authorization;
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const fromParams = [request.query, request.body]
    .map((source) =>
      source && typeof source === 'object' ? (source as Record<string, unknown>).access_token : undefined,
    )
    .find((value): value is string => typeof value === 'string' && value !== '');
  return bearer ?? fromParams;
}
