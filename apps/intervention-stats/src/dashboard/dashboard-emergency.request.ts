import { requestBodyProblems } from '@handover/config';
import {
  EMERGENCY_SCOPE_ALL,
  type EmergencyScope,
  IsEmergencyScope,
  RCED_SOURCE_ID_PATTERN,
} from '@handover/contracts';
import { BadRequestException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, Matches } from 'class-validator';

export { EMERGENCY_SCOPE_ALL };

const NOT_BLANK = /\S/;
const FIELDS: readonly string[] = ['active', 'scope', 'reason'];

/**
 * The body of POST /dashboard/emergency: the gateway's admin request without `actor` (always
 * "dashboard"). Checked here with the gateway's own rules, so a refusal names the field at once.
 */
export class DashboardEmergencyRequest {
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

  @ApiProperty({
    description: 'Why (kept in the command and shown on the dashboard)',
    minLength: 1,
    maxLength: 500,
  })
  // Checked bottom-up, first failure only: the type, then the length, then blankness.
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @Length(1, 500)
  @IsString()
  reason!: string;
}

/** Validates a body, or throws a 400 naming every bad, missing or unknown field. */
export function parseDashboardEmergencyRequest(body: unknown): DashboardEmergencyRequest {
  const { request, problems } = requestBodyProblems(body, DashboardEmergencyRequest, FIELDS);
  if (problems.length > 0) {
    throw new BadRequestException(problems.join('; '));
  }
  return {
    active: request.active,
    scope: request.scope === EMERGENCY_SCOPE_ALL ? EMERGENCY_SCOPE_ALL : [...new Set(request.scope)],
    reason: request.reason.trim(),
  };
}
