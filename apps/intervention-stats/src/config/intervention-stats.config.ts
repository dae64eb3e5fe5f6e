import {
  ConfigValidationError,
  IsEngageId,
  IsOptionalBearerToken,
  loadConfig,
  ToBoolean,
  ToInt,
} from '@handover/config';
import { EngageClientEnv } from '@handover/engage-client';
import { ConsumerAppEnv } from '@handover/event-runtime';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsAllowedHosts } from '../access/allowed-hosts';
import { IsDashboardUsers } from '../access/dashboard-users';

export const INTERVENTION_STATS_CONFIG = Symbol('INTERVENTION_STATS_CONFIG');

const OPS_API_URL = String.raw`[a-z][a-z0-9-]{0,39}=https?:\/\/[^\s/?#,]+\/?`;
const OPS_API_URLS = new RegExp(`^${OPS_API_URL}(,${OPS_API_URL})*$`);

/** OPS_API_URLS as app name → base URL (validated by InterventionStatsEnv). */
export function opsApisOf(value: string | undefined): Array<{ app: string; url: string }> {
  return (value ?? '')
    .split(',')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      return { app: pair.slice(0, at), url: pair.slice(at + 1).replace(/\/+$/, '') };
    });
}

export class InterventionStatsEnv extends ConsumerAppEnv {
  /** The API user the bot acts as (its token's user): tells interventions the bot opened or closed from the agents'. */
  @IsOptional()
  @IsEngageId('the id of the API token’s user')
  BOT_USER_ID?: string = undefined;

  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number = 3004;

  @Matches(/^[a-z_][a-z0-9_]*$/, { message: 'DATABASE_SCHEMA must be a lowercase SQL identifier' })
  DATABASE_SCHEMA: string = 'intervention_stats';

  /** The projection's version is appended (`<group>-v<version>`): a new definition reads the log anew. */
  @IsString()
  @IsNotEmpty()
  KAFKA_GROUP_ID: string = 'intervention-stats';

  /** Threads whose customer wrote, or handover routed them, this recently count on GET /analytics/live. */
  @ToInt()
  @IsInt()
  @Min(60_000)
  @Max(31 * 86_400_000)
  LIVE_WINDOW_MS: number = 86_400_000;

  /**
   * How often the daily rollup stores again the days changed since (stats_daily), once they have not
   * changed for as long. Until then those days are computed live: answers are exact either way.
   */
  @ToInt()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  STATS_ROLLUP_REFRESH_MS: number = 10_000;

  /** How often the dashboard's page refreshes its figures. */
  @ToInt()
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  DASHBOARD_REFRESH_MS: number = 5_000;

  /**
   * The gateway whose admin API (POST /admin/emergency) the dashboard's emergency switch calls,
   * server-side. Unset (or GATEWAY_ADMIN_TOKEN unset): the switch is disabled and answers 503.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: 'GATEWAY_URL must be an http(s) URL without query, e.g. http://gateway:3000',
  })
  GATEWAY_URL?: string = undefined;

  /** The gateway's GATEWAY_ADMIN_TOKEN; never sent to the browser, never logged. */
  @IsOptionalBearerToken()
  GATEWAY_ADMIN_TOKEN?: string = undefined;

  @ToInt()
  @IsInt()
  @Min(100)
  @Max(60_000)
  GATEWAY_TIMEOUT_MS: number = 5_000;

  /**
   * The apps whose ops admin API (/admin/ops/*, internal port) the dashboard's failures panel reads,
   * server-side: `name=url,…`, e.g. `bot-responder=http://bot-responder:9001,handover=http://handover:9002`.
   * Unset: the panel says it is not configured.
   */
  @IsOptional()
  @Matches(OPS_API_URLS, {
    message:
      'OPS_API_URLS must be name=http(s)://host:port pairs separated by commas, e.g. bot-responder=http://bot-responder:9001',
  })
  OPS_API_URLS?: string = undefined;

  /** A token of those apps' ADMIN_TOKENS (its name is the audit's actor); never sent to the browser. */
  @IsOptionalBearerToken()
  OPS_API_TOKEN?: string = undefined;

  /**
   * The supervisors who may use the dashboard and the analytics API, `name=token,…`; the name is
   * the actor of their emergency switches. Unset: nobody can sign in (every call answers 401).
   */
  @IsOptional()
  @IsDashboardUsers()
  DASHBOARD_USERS?: string = undefined;

  /** Signs the session cookies (HMAC-SHA256); required with DASHBOARD_USERS; never logged. */
  @ValidateIf(
    (env: InterventionStatsEnv) =>
      env.DASHBOARD_USERS !== undefined || env.DASHBOARD_SESSION_SECRET !== undefined,
  )
  @Matches(/^[\x21-\x7e]{32,512}$/, {
    message: ({ property }) =>
      `${property} is required with DASHBOARD_USERS: 32 to 512 visible ASCII characters, no spaces`,
  })
  DASHBOARD_SESSION_SECRET?: string = undefined;

  /** How long a dashboard session lasts before signing in again. */
  @ToInt()
  @IsInt()
  @Min(60_000)
  @Max(7 * 86_400_000)
  DASHBOARD_SESSION_TTL_MS: number = 8 * 3_600_000;

  /** Marks the session cookie Secure: set when the dashboard is served over HTTPS. */
  @ToBoolean()
  @IsBoolean()
  DASHBOARD_COOKIE_SECURE: boolean = false;

  /** The names this app answers to (Host header), `host[:port]` each; other names get 403. */
  @IsAllowedHosts()
  DASHBOARD_ALLOWED_HOSTS: string = 'localhost,127.0.0.1,[::1]';
}

export type InterventionStatsConfig = Readonly<InterventionStatsEnv> & {
  /**
   * RCED's REST settings (EngageClientEnv) when ENGAGE_BASE_URL and ENGAGE_API_TOKEN are set: the
   * dashboard then names sources and categories. Null when neither is: it shows their ids.
   */
  readonly engage: Readonly<EngageClientEnv> | null;
};

/** What connects intervention-stats to RCED; the other ENGAGE_* variables have defaults. */
const RCED_CONNECTION = ['ENGAGE_BASE_URL', 'ENGAGE_API_TOKEN'] as const;

/**
 * Both halves are validated before failing, so one start lists every bad variable. RCED is optional
 * here (names only): with neither connection variable set, only those two may be missing.
 */
export function loadInterventionStatsConfig(
  env: Record<string, string | undefined>,
): InterventionStatsConfig {
  const connected = RCED_CONNECTION.some((name) => Boolean(env[name]) || Boolean(env[`${name}_FILE`]));
  const problems: string[] = [];
  const attempt = <T>(load: () => T, keep: (problem: string) => boolean): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) {
        throw error;
      }
      problems.push(...error.problems.filter(keep));
      return undefined;
    }
  };
  const app = attempt(
    () => loadConfig(InterventionStatsEnv, env),
    () => true,
  );
  const engage = attempt(
    () => loadConfig(EngageClientEnv, env),
    (problem) => connected || !RCED_CONNECTION.some((name) => problem.startsWith(`${name}:`)),
  );
  if (app === undefined || problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  return Object.freeze({ ...app, engage: connected && engage !== undefined ? engage : null });
}
