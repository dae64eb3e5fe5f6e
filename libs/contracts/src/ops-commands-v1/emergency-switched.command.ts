import { IsArray, IsBoolean, IsISO8601, IsNotEmpty, IsString, ValidateIf } from 'class-validator';

/**
 * The emergency switch (seed "Emergency Handover"): while active, every conversation in scope goes
 * to human agents and the bot stays silent. On `ops.commands.v1`, one key, so switches stay in order.
 */
export class EmergencySwitchedCommand {
  @IsString()
  @IsNotEmpty()
  command_id!: string;

  @IsBoolean()
  active!: boolean;

  /** Source ids in scope; null means every source. Required: a missing field is refused, not read as "all". */
  @ValidateIf((command: EmergencySwitchedCommand) => command.source_ids !== null)
  @IsArray()
  @IsString({ each: true })
  source_ids!: string[] | null;

  @IsString()
  reason!: string;

  @IsString()
  @IsNotEmpty()
  actor!: string;

  @IsISO8601({ strict: true })
  issued_at!: string;
}

export const EMERGENCY_SWITCHED = 'emergency.switched';
export const OPS_COMMANDS_KEY = 'ops';
export const OPS_COMMANDS_SCHEMA_VERSION = '1';
