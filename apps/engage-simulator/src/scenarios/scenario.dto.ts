import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
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

export const SCENARIO_ACTIONS = [
  'customer_writes',
  'source_imports',
  'agent_status',
  'agent_replies',
  'agent_closes',
  'agent_recategorizes',
  'agent_reopens',
] as const;
export type ScenarioAction = (typeof SCENARIO_ACTIONS)[number];

/** Actions that open the customer's thread when it is their first step. */
export const THREAD_OPENING_ACTIONS: readonly ScenarioAction[] = ['customer_writes', 'source_imports'];

/**
 * One thing that happens `at_ms` after the scenario (re)starts. Customers are names: a customer's
 * first message (or the welcome message the source shows them) opens a thread, the next ones write in
 * it; agents reply to, close, recategorize and reopen that thread.
 */
export class ScenarioStep {
  @IsInt()
  @Min(0)
  at_ms!: number;

  @IsIn(SCENARIO_ACTIONS)
  action!: ScenarioAction;

  @ValidateIf((step: ScenarioStep) => step.action !== 'agent_status')
  @IsString()
  @IsNotEmpty()
  customer?: string;

  @ValidateIf((step: ScenarioStep) =>
    ['customer_writes', 'agent_replies', 'source_imports'].includes(step.action),
  )
  @IsString()
  @IsNotEmpty()
  says?: string;

  /** Required on a customer's first step (checked by the parser); later ones stay in its thread. */
  @IsOptional()
  @Matches(HEX_ID)
  source_id?: string;

  @ValidateIf((step: ScenarioStep) => !THREAD_OPENING_ACTIONS.includes(step.action))
  @Matches(HEX_ID)
  agent_id?: string;

  @ValidateIf((step: ScenarioStep) => step.action === 'agent_status')
  @Matches(HEX_ID)
  channel_id?: string;

  @ValidateIf((step: ScenarioStep) => step.action === 'agent_status')
  @IsIn(['available', 'away'])
  status?: 'available' | 'away';

  /** source_imports: what the source publishes by itself. */
  @ValidateIf((step: ScenarioStep) => step.action === 'source_imports')
  @IsIn(['brand_post', 'welcome_message'])
  kind?: 'brand_post' | 'welcome_message';

  /** agent_recategorizes: the thread's new full set (may be empty). */
  @ValidateIf((step: ScenarioStep) => step.action === 'agent_recategorizes')
  @IsArray()
  @Matches(HEX_ID, { each: true })
  category_ids?: string[];
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
