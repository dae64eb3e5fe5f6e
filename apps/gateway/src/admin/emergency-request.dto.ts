import { EMERGENCY_SCOPE_ALL, type EmergencyScope, IsEmergencyScope } from '@handover/contracts';
import { IsBoolean, IsString, Length, Matches } from 'class-validator';

export { EMERGENCY_SCOPE_ALL };

const NOT_BLANK = /\S/;

/** The body of POST /admin/emergency: switch the emergency handover on or off, for every source or some. */
export class EmergencyRequestDto {
  @IsBoolean()
  active!: boolean;

  @IsEmergencyScope()
  scope!: EmergencyScope;

  // Checked bottom-up, first failure only (the parser stops at it): the type, then the length.
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @Length(1, 500)
  @IsString()
  reason!: string;
}

/** A request as switched: the actor is who authenticated (the admin token's name), never the body's say. */
export interface AuthorizedEmergencyRequest extends EmergencyRequestDto {
  actor: string;
}
