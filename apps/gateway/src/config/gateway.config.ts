import { ToInt, loadConfig } from '@handover/config';
import { KafkaEnv } from '@handover/kafka';
import { IsAscii, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}

export function loadGatewayConfig(env: Record<string, string | undefined>): Readonly<GatewayConfig> {
  return loadConfig(GatewayConfig, env);
}
