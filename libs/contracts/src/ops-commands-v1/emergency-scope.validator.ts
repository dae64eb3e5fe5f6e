import { ValidateBy } from 'class-validator';

/** An emergency's scope as operators give it: every source, or some (becomes `source_ids`). */
export const EMERGENCY_SCOPE_ALL = 'all';
export type EmergencyScope = typeof EMERGENCY_SCOPE_ALL | string[];

const RCED_ID = /^[0-9a-f]{24}$/;

/** `"all"`, or a non-empty array of RCED source ids; one message saying which items are wrong. */
export function IsEmergencyScope(): PropertyDecorator {
  return ValidateBy({
    name: 'isEmergencyScope',
    validator: {
      validate: (value: unknown) => emergencyScopeProblem(value) === undefined,
      defaultMessage: (args) => emergencyScopeProblem(args?.value) ?? 'scope is invalid',
    },
  });
}

export function emergencyScopeProblem(value: unknown): string | undefined {
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

/** The pattern of one source id, for API documents. */
export const RCED_SOURCE_ID_PATTERN = RCED_ID.source;
