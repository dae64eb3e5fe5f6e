import { ToInt } from '@handover/config';
import { IsEmpty, IsIn, IsInt, IsNotEmpty, IsString, IsUrl, Max, Min } from 'class-validator';
import { type EngageAuthMode, type EngageClientOptions } from './engage-client.options';

const RETRIES_MOVED =
  'platform calls are retried by the effect worker alone (EFFECT_MAX_ATTEMPTS, EFFECT_RETRY_BASE_DELAY_MS)';

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
