import {
  ADMIN_TOKENS_FORMAT,
  IsOptionalBearerToken,
  ToBoolean,
  ToInt,
  ToList,
  loadConfig,
} from '@handover/config';
import { KafkaEnv } from '@handover/kafka';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsAscii,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  isAscii,
} from 'class-validator';
import { gatewayAdminTokens } from './admin-tokens.util';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export class GatewayConfig extends KafkaEnv {
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(65_535)
  PORT: number = 3000;

  @IsString()
  @IsNotEmpty()
  HOST: string = '0.0.0.0';

  /**
   * RCED sends it verbatim in X-Dimelo-Secret (ASCII, under 256 characters, ENGAGE_API.md §1.2).
   * Required: without it anyone who reaches the port can post webhooks. ENGAGE_WEBHOOK_SECRETS
   * replaces it during a rotation; ENGAGE_WEBHOOK_SECRET_DISABLED=true waives it, for local tries.
   */
  @Check(
    (config) =>
      config.ENGAGE_WEBHOOK_SECRET !== undefined ||
      config.ENGAGE_WEBHOOK_SECRETS !== undefined ||
      config.ENGAGE_WEBHOOK_SECRET_DISABLED === true,
    'ENGAGE_WEBHOOK_SECRET must be set to the webhook secret configured in RCED (or ENGAGE_WEBHOOK_SECRETS=old,new during a rotation; ENGAGE_WEBHOOK_SECRET_DISABLED=true turns the check off, for local tries only)',
  )
  @Check(
    (config) => config.ENGAGE_WEBHOOK_SECRET === undefined || config.ENGAGE_WEBHOOK_SECRETS === undefined,
    'ENGAGE_WEBHOOK_SECRET must not be set together with ENGAGE_WEBHOOK_SECRETS: list every accepted secret in ENGAGE_WEBHOOK_SECRETS',
  )
  // Not @IsOptional: it would skip the rules above when the secret is missing.
  @Check(
    ({ ENGAGE_WEBHOOK_SECRET: secret }) => secret === undefined || (isAscii(secret) && secret.length <= 255),
    'ENGAGE_WEBHOOK_SECRET must be ASCII and at most 255 characters',
  )
  ENGAGE_WEBHOOK_SECRET?: string = undefined;

  /** Rotation: one or two secrets, each accepted (`old,new`); then drop the old one. */
  @IsOptional()
  @ToList()
  @ArrayMinSize(1)
  @ArrayMaxSize(2, { message: 'ENGAGE_WEBHOOK_SECRETS must list at most two secrets (old,new)' })
  @IsAscii({ each: true })
  @MaxLength(255, { each: true })
  ENGAGE_WEBHOOK_SECRETS?: string[] = undefined;

  /** Accepts unsigned webhooks. Local tries only: the gateway and `npm run doctor` warn loudly. */
  @Check(
    (config) =>
      config.ENGAGE_WEBHOOK_SECRET_DISABLED !== true ||
      (config.ENGAGE_WEBHOOK_SECRET === undefined && config.ENGAGE_WEBHOOK_SECRETS === undefined),
    'ENGAGE_WEBHOOK_SECRET_DISABLED must not be true while a webhook secret is set: unset one of them',
  )
  @ToBoolean()
  @IsBoolean()
  ENGAGE_WEBHOOK_SECRET_DISABLED: boolean = false;

  @IsString()
  @IsNotEmpty()
  ENGAGE_VERIFY_TOKEN!: string;

  @ToInt()
  @IsInt()
  @Min(1_024)
  @Max(64 * 1_048_576)
  WEBHOOK_BODY_LIMIT_BYTES: number = 1_048_576;

  /**
   * A bearer token of the admin API (POST /admin/emergency), known as the caller `admin`. Long
   * enough not to be guessed; visible ASCII so it fits an Authorization header as is.
   */
  @IsOptionalBearerToken()
  GATEWAY_ADMIN_TOKEN?: string = undefined;

  /**
   * Named bearer tokens of the admin API, `ops=<token>,dashboard=<token>`: the name is who switched
   * (the command's actor). With neither this nor GATEWAY_ADMIN_TOKEN, the admin API is not mounted (404).
   */
  @Check(
    (config) => config.GATEWAY_ADMIN_TOKENS === undefined || gatewayAdminTokens(config) !== undefined,
    `GATEWAY_ADMIN_TOKENS must be ${ADMIN_TOKENS_FORMAT} (GATEWAY_ADMIN_TOKEN is named admin)`,
  )
  @IsOptional()
  @IsString()
  GATEWAY_ADMIN_TOKENS?: string = undefined;

  /**
   * The RCED chat trigger that GET /chat-trigger.js executes (the bot answers 24/7, agents logged in or not).
   * Unset, that route answers 404. An RCED id, as in the trigger's edit URL.
   */
  @IsOptional()
  @Matches(/^[0-9a-f]{24}$/, {
    message:
      'CHAT_TRIGGER_ID must be an RCED id: 24 lowercase hexadecimal characters (see the trigger edit URL)',
  })
  CHAT_TRIGGER_ID?: string = undefined;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}

/** A rule over the whole configuration, reported under the variable it decorates. */
function Check(valid: (config: GatewayConfig) => boolean, message: string): PropertyDecorator {
  return ValidateBy({
    name: 'gatewayRule',
    validator: {
      validate: (_value, args) => valid(args?.object as GatewayConfig),
      defaultMessage: () => message,
    },
  });
}

/** Every secret X-Dimelo-Secret may hold; empty when the check is disabled. */
export function webhookSecrets(config: Readonly<GatewayConfig>): string[] {
  return (
    config.ENGAGE_WEBHOOK_SECRETS ??
    (config.ENGAGE_WEBHOOK_SECRET === undefined ? [] : [config.ENGAGE_WEBHOOK_SECRET])
  );
}

export function loadGatewayConfig(env: Record<string, string | undefined>): Readonly<GatewayConfig> {
  return loadConfig(GatewayConfig, env);
}
