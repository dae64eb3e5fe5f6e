import {
  EMERGENCY_SCOPE_ALL,
  type EmergencyScope,
  IsEmergencyScope,
  RCED_SOURCE_ID_PATTERN,
} from '@handover/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, Matches } from 'class-validator';

export { EMERGENCY_SCOPE_ALL };

const NOT_BLANK = /\S/;

/** The body of POST /admin/emergency: switch the emergency handover on or off, for every source or some. */
export class EmergencyRequestDto {
  @ApiProperty({ description: 'true switches the emergency handover on, false off' })
  @IsBoolean()
  active!: boolean;

  @ApiProperty({
    description: '"all", or the RCED source ids (24 lowercase hexadecimal characters) in scope',
    oneOf: [
      { type: 'string', enum: [EMERGENCY_SCOPE_ALL] },
      { type: 'array', minItems: 1, items: { type: 'string', pattern: RCED_SOURCE_ID_PATTERN } },
    ],
  })
  @IsEmergencyScope()
  scope!: EmergencyScope;

  @ApiProperty({ description: 'Why (kept in the command)', minLength: 1, maxLength: 500 })
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
