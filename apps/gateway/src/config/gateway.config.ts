import { IsOptionalBearerToken, ToInt, loadConfig } from '@handover/config';
import { KafkaEnv } from '@handover/kafka';
import {
  IsAscii,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

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

  /** RCED sends it verbatim in X-Dimelo-Secret (ASCII, under 256 characters, ENGAGE_API.md §1.2). */
  @IsOptional()
  @IsAscii()
  @MaxLength(255)
  ENGAGE_WEBHOOK_SECRET?: string = undefined;

  @IsString()
  @IsNotEmpty()
  ENGAGE_VERIFY_TOKEN!: string;

  @ToInt()
  @IsInt()
  @Min(1_024)
  @Max(64 * 1_048_576)
  WEBHOOK_BODY_LIMIT_BYTES: number = 1_048_576;

  /**
   * Bearer token of the admin API (POST /admin/emergency). Unset, the admin API is not mounted (404).
   * Long enough not to be guessed; visible ASCII so it fits an Authorization header as is.
   */
  @IsOptionalBearerToken()
  GATEWAY_ADMIN_TOKEN?: string = undefined;

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

export function loadGatewayConfig(env: Record<string, string | undefined>): Readonly<GatewayConfig> {
  return loadConfig(GatewayConfig, env);
}
