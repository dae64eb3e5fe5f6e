import { ToInt, ToList, loadConfig } from '@handover/config';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';

export const SIMULATOR_CONFIG = Symbol('SIMULATOR_CONFIG');

const ToBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  );

export class SimulatorConfig {
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

  @ToInt()
  @IsInt()
  @Min(1)
  SIMULATOR_RATE_LIMIT_PER_MINUTE: number = 500;

  @ToBoolean()
  @IsBoolean()
  SIMULATOR_STRICT_REPLIES: boolean = true;

  /** RCED's status for a bad token is undocumented (ENGAGE_API.md §2.2): 401 or 403. */
  @ToInt()
  @IsIn([401, 403])
  SIMULATOR_INVALID_TOKEN_STATUS: number = 401;

  /** When set, /_control requires it in the X-Simulator-Control-Token header. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  SIMULATOR_CONTROL_TOKEN?: string = undefined;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}

export function loadSimulatorConfig(env: Record<string, string | undefined>): Readonly<SimulatorConfig> {
  return loadConfig(SimulatorConfig, env);
}
