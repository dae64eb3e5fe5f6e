import { HttpServerEnv, ToBoolean, ToInt, ToIntList, ToList, ToNumber, loadConfig } from '@handover/config';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
} from 'class-validator';

export const SIMULATOR_CONFIG = Symbol('SIMULATOR_CONFIG');

export class SimulatorConfig extends HttpServerEnv {
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  SIMULATOR_PORT: number = 3100;

  @IsString()
  @IsNotEmpty()
  SIMULATOR_HOST: string = '0.0.0.0';

  /** `token` or `token:userId`; a bare token acts as the seed's bot user. */
  @ToList()
  @ArrayNotEmpty()
  @Matches(/^[^\s:]+(:[0-9a-f]{24})?$/, { each: true })
  SIMULATOR_TOKENS!: string[];

  /** Calls per token within SIMULATOR_RATE_LIMIT_WINDOW_MS (a minute by default, as RCED counts). */
  @ToInt()
  @IsInt()
  @Min(1)
  SIMULATOR_RATE_LIMIT_PER_MINUTE: number = 500;

  /** The rolling window of the rate limit; shorter lets a test say "50 calls per 2 s". */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  SIMULATOR_RATE_LIMIT_WINDOW_MS: number = 60_000;

  @ToBoolean()
  @IsBoolean()
  SIMULATOR_STRICT_REPLIES: boolean = true;

  /**
   * `include`: content events carry the thread's `category_ids`, as the walkthrough's samples show;
   * `omit`: they do not, as RingCentral's own sample (docs/interactions/chatbots/implementation.md):
   * the categories are then only known from GET /1.0/content_threads/{id}. Intervention events keep
   * theirs (events.md lists them).
   */
  @IsIn(['include', 'omit'])
  SIMULATOR_EVENT_CATEGORY_IDS: 'include' | 'omit' = 'include';

  /** RCED's status for a bad token is undocumented (ENGAGE_API.md §2.2): 401 or 403. */
  @ToInt()
  @IsIn([401, 403])
  SIMULATOR_INVALID_TOKEN_STATUS: number = 401;

  /** When set, /_control requires it in the X-Simulator-Control-Token header. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SIMULATOR_CONTROL_TOKEN?: string = undefined;

  /** Where webhooks are delivered; unset, the outbox still records the events but sends nothing. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  SIMULATOR_WEBHOOK_URL?: string = undefined;

  @IsString()
  @IsNotEmpty()
  SIMULATOR_WEBHOOK_VERIFY_TOKEN: string = 'local-verify-token';

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SIMULATOR_WEBHOOK_SECRET?: string = undefined;

  /** RCED retries for hours (≈32 s, 4 min, 17 min, 52 min, 2 h); the same shape, compressed. */
  @ToIntList()
  @ArrayNotEmpty()
  @IsInt({ each: true })
  @Min(0, { each: true })
  SIMULATOR_WEBHOOK_RETRY_DELAYS_MS: number[] = [250, 1_000, 4_000, 15_000, 60_000];

  @ToInt()
  @IsInt()
  @Min(1)
  @Max(100)
  SIMULATOR_WEBHOOK_MAX_EVENTS_PER_ENVELOPE: number = 5;

  /** Share of webhook envelopes delivered twice (events with the same ids, in a new envelope). */
  @ToNumber()
  @IsNumber()
  @Min(0)
  @Max(1)
  SIMULATOR_WEBHOOK_DUPLICATE_RATE: number = 0;

  /** Deliver pending webhook events in a shuffled order. */
  @ToBoolean()
  @IsBoolean()
  SIMULATOR_WEBHOOK_OUT_OF_ORDER: boolean = false;

  /** A scenario file (YAML or JSON) played from startup: customers and agents over time. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SIMULATOR_SCENARIO?: string = undefined;

  @Matches(/^[0-9a-f]{24}$/)
  SIMULATOR_DOMAIN_ID: string = '582af25a799fc247acfcde38';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}

export function loadSimulatorConfig(env: Record<string, string | undefined>): Readonly<SimulatorConfig> {
  return loadConfig(SimulatorConfig, env);
}
