import { EngageEvent, IsOpaqueId, type OpaqueId } from '@handover/contracts';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, ValidateNested } from 'class-validator';

/** What RCED POSTs: `{id, domain_id, events[]}` (ENGAGE_API.md §1.3). */
export class EngageWebhookEnvelope {
  @IsOpaqueId()
  id!: OpaqueId;

  @IsOpaqueId()
  domain_id!: OpaqueId;

  @IsArray()
  @ArrayNotEmpty()
  @ValidateNested({ each: true })
  @Type(() => EngageEvent)
  events!: EngageEvent[];
}
