import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * RCED ids are 24-hex strings in practice, but older documentation types some of them as
 * integers (ENGAGE_API.md §1.3): accept a non-empty string or a finite number, treat it as opaque.
 */
export function IsOpaqueId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOpaqueId',
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'string' && value.trim().length > 0) ||
          (typeof value === 'number' && Number.isFinite(value)),
        defaultMessage: (args) => `${args?.property ?? 'id'} must be a non-empty string or a number`,
      },
    },
    options,
  );
}
