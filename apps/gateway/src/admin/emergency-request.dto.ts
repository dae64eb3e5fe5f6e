import { IsBoolean, IsString, Length, Matches, ValidateBy } from 'class-validator';

export const EMERGENCY_SCOPE_ALL = 'all';

const RCED_ID = /^[0-9a-f]{24}$/;
const NOT_BLANK = /\S/;

/** The body of POST /admin/emergency: switch the emergency handover on or off, for every source or some. */
export class EmergencyRequestDto {
  @IsBoolean()
  active!: boolean;

  @IsEmergencyScope()
  scope!: typeof EMERGENCY_SCOPE_ALL | string[];

  // Checked bottom-up, first failure only (the parser stops at it): the type, then the length.
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @Length(1, 500)
  @IsString()
  reason!: string;

  @Matches(NOT_BLANK, { message: 'actor must not be blank' })
  @Length(1, 200)
  @IsString()
  actor!: string;
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
