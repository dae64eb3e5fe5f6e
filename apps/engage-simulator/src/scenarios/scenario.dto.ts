import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const HEX_ID = /^[0-9a-f]{23,24}$/;

/**
 * One thing that happens `at_ms` after the scenario (re)starts. Customers are names: a customer's
 * first message opens a thread, the next ones write in it; agents reply to and close that thread.
 */
export class ScenarioStep {
  @IsInt()
  @Min(0)
  at_ms!: number;

  @IsIn(['customer_writes', 'agent_status', 'agent_replies', 'agent_closes'])
  action!: 'customer_writes' | 'agent_status' | 'agent_replies' | 'agent_closes';

  @ValidateIf((step: ScenarioStep) => step.action !== 'agent_status')
  @IsString()
  @IsNotEmpty()
  customer?: string;

  @ValidateIf((step: ScenarioStep) => step.action === 'customer_writes' || step.action === 'agent_replies')
  @IsString()
  @IsNotEmpty()
  says?: string;

  /** Required on a customer's first message (checked by the parser); later ones stay in its thread. */
  @IsOptional()
  @Matches(HEX_ID)
  source_id?: string;

  @ValidateIf((step: ScenarioStep) => step.action !== 'customer_writes')
  @Matches(HEX_ID)
  agent_id?: string;

  @ValidateIf((step: ScenarioStep) => step.action === 'agent_status')
  @Matches(HEX_ID)
  channel_id?: string;

  @ValidateIf((step: ScenarioStep) => step.action === 'agent_status')
  @IsIn(['available', 'away'])
  status?: 'available' | 'away';
}

export class Scenario {
  @IsString()
  @IsNotEmpty()
  name!: string;

  /** Start again (with new customers' threads) this long after the start; absent: play once. */
  @IsOptional()
  @IsInt()
  @Min(1)
  repeat_every_ms?: number;

  @IsOptional()
  @IsBoolean()
  stop_on_error?: boolean;

  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => ScenarioStep)
  steps!: ScenarioStep[];
}
