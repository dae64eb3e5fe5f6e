import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsISO8601, IsNotEmpty, IsObject, IsString, ValidateNested } from 'class-validator';
import { IsOpaqueId } from './is-opaque-id.validator';

export type OpaqueId = string | number;

/** The RCED resource an event is about. Only the fields routing depends on are checked. */
export class EngageResource {
  @IsString()
  @IsNotEmpty()
  type!: string;

  @IsOpaqueId()
  id!: OpaqueId;

  @IsObject()
  metadata!: Record<string, unknown>;

  [extra: string]: unknown;
}

/** One RCED webhook event (ENGAGE_API.md §1.3). Unknown fields are kept as they came. */
export class EngageEvent {
  @IsString()
  @IsNotEmpty()
  type!: string;

  @IsOpaqueId()
  id!: OpaqueId;

  @IsISO8601({ strict: true })
  issued_at!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => EngageResource)
  resource!: EngageResource;

  [extra: string]: unknown;
}
