import { ToInt } from '@handover/config';
import { IsEmpty, IsIn, IsInt, IsNotEmpty, IsString, IsUrl, Max, Min } from 'class-validator';
import { type EngageAuthMode, type EngageClientOptions } from './engage-client.options';

const RETRIES_MOVED =
  'platform calls are retried by the effect worker alone (EFFECT_MAX_ATTEMPTS, EFFECT_RETRY_BASE_DELAY_MS)';

const QUOTA_MOVED =
  'ENGAGE_QUOTA_CALLS and ENGAGE_QUOTA_WINDOW_MS, one quota for the whole deployment (see README, "The platform quota")';

/** Engage REST settings shared by every app that calls Engage; an app's env class extends it. */
export class EngageClientEnv {
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'ENGAGE_BASE_URL must be an http(s) URL ending with the API version, e.g. …/1.0' },
  )
  ENGAGE_BASE_URL!: string;

  @IsString()
  @IsNotEmpty({ message: 'ENGAGE_API_TOKEN must be set' })
  ENGAGE_API_TOKEN!: string;

  @IsIn(['bearer', 'query'], { message: 'ENGAGE_AUTH_MODE must be bearer or query' })
  ENGAGE_AUTH_MODE: EngageAuthMode = 'bearer';

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(120_000)
  ENGAGE_TIMEOUT_MS: number = 10_000;

  /** Removed: refused by name so a deployment that still sets them learns where retries went. */
  @IsEmpty({ message: `was removed: ${RETRIES_MOVED}` })
  ENGAGE_MAX_RETRIES?: string;

  @IsEmpty({ message: `was removed: ${RETRIES_MOVED}` })
  ENGAGE_RETRY_BASE_DELAY_MS?: string;

  /**
   * RCED's rate limit for the whole deployment (500 requests per minute, ENGAGE_API.md §2.2): every
   * app and replica spends from this one budget, kept in Postgres. The default leaves 50 for calls made
   * outside this service with the same platform.
   */
  @ToInt()
  @IsInt()
  @Min(1)
  ENGAGE_QUOTA_CALLS: number = 450;

  @ToInt()
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  ENGAGE_QUOTA_WINDOW_MS: number = 60_000;

  /**
   * Slots in each window that only replies and handovers may take: availability polling and
   * emergency batches start while more than this stays free.
   */
  @ToInt()
  @IsInt()
  @Min(0)
  ENGAGE_QUOTA_RESERVED_FOR_REPLIES: number = 150;

  /** Replaced: per-app shares let two replicas spend twice theirs; the quota is now the deployment's. */
  @IsEmpty({ message: `was replaced by ${QUOTA_MOVED}` })
  ENGAGE_CALLS_PER_WINDOW?: string;

  @IsEmpty({ message: `was replaced by ${QUOTA_MOVED}` })
  ENGAGE_CALLS_WINDOW_MS?: string;

  @IsEmpty({ message: `was replaced by ${QUOTA_MOVED}` })
  ENGAGE_CALLS_PER_MINUTE?: string;
}

/** The platform quota shared by every app and replica, as the validated environment sets it. */
export function quotaOptionsFrom(env: Readonly<EngageClientEnv>): {
  calls: number;
  windowMs: number;
  reservedForHigh: number;
} {
  return {
    calls: env.ENGAGE_QUOTA_CALLS,
    windowMs: env.ENGAGE_QUOTA_WINDOW_MS,
    reservedForHigh: env.ENGAGE_QUOTA_RESERVED_FOR_REPLIES,
  };
}

/** The client's options as the validated environment gives them; an app may override some. */
export function engageClientOptionsFrom(
  env: Readonly<EngageClientEnv>,
  overrides: Partial<EngageClientOptions> = {},
): EngageClientOptions {
  return {
    baseUrl: env.ENGAGE_BASE_URL,
    accessToken: env.ENGAGE_API_TOKEN,
    authMode: env.ENGAGE_AUTH_MODE,
    timeoutMs: env.ENGAGE_TIMEOUT_MS,
    ...overrides,
  };
}
