import { validationProblems } from '@handover/config';
import { BadRequestException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Length, Matches, validateSync, ValidateBy } from 'class-validator';

export const EMERGENCY_SCOPE_ALL = 'all';

const RCED_ID = /^[0-9a-f]{24}$/;
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
      { type: 'array', minItems: 1, items: { type: 'string', pattern: RCED_ID.source } },
    ],
  })
  @IsEmergencyScope()
  scope!: typeof EMERGENCY_SCOPE_ALL | string[];

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
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequestException('The body must be a JSON object {active, scope, reason}');
  }
  const fields = body as Record<string, unknown>;
  const missing = FIELDS.filter((field) => fields[field] === undefined);
  const request = Object.assign(new DashboardEmergencyRequest(), body);
  const invalid = validateSync(request, { stopAtFirstError: true }).filter(
    (error) => !missing.includes(error.property),
  );
  const problems = [
    ...missing.map((field) => `${field} is required`),
    ...Object.keys(fields)
      .filter((field) => !FIELDS.includes(field))
      .map((field) => `${field} is not a field (expected ${FIELDS.join(', ')})`),
    ...validationProblems(invalid),
  ];
  if (problems.length > 0) {
    throw new BadRequestException(problems.join('; '));
  }
  return {
    active: request.active,
    scope: request.scope === EMERGENCY_SCOPE_ALL ? EMERGENCY_SCOPE_ALL : [...new Set(request.scope)],
    reason: request.reason.trim(),
  };
}

/** `"all"`, or a non-empty array of RCED source ids; one message saying which items are wrong. */
function IsEmergencyScope(): PropertyDecorator {
  return ValidateBy({
    name: 'isEmergencyScope',
    validator: {
      validate: (value: unknown) => scopeProblem(value) === undefined,
      defaultMessage: (args) => scopeProblem(args?.value) ?? 'scope is invalid',
    },
  });
}

function scopeProblem(value: unknown): string | undefined {
  if (value === EMERGENCY_SCOPE_ALL) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    return 'scope must be "all" or a non-empty array of source ids';
  }
  if (value.length === 0) {
    return 'scope must list at least one source id, or be "all"';
  }
  const bad = value.flatMap((item: unknown, index) =>
    typeof item === 'string' && RCED_ID.test(item) ? [] : [index],
  );
  return bad.length === 0
    ? undefined
    : `scope must hold RCED source ids (24 lowercase hexadecimal characters), not at index ${bad.join(', ')}`;
}
