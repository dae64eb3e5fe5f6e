import { ValidateBy } from 'class-validator';
import { ADMIN_TOKENS_FORMAT, parseAdminTokens } from './admin-tokens.util';

/**
 * An optional setting of named admin tokens (`ops=<token>,dashboard=<token>`; unset: no admin API).
 * A refusal names the setting and the format, never a token.
 */
export function IsOptionalAdminTokens(): PropertyDecorator {
  return ValidateBy({
    name: 'isOptionalAdminTokens',
    validator: {
      validate: (value: unknown) =>
        value === undefined || (typeof value === 'string' && parseAdminTokens(value) !== undefined),
      defaultMessage: (args) => `${args?.property ?? 'the setting'} must be ${ADMIN_TOKENS_FORMAT}`,
    },
  });
}
