import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/**
 * An optional bearer token setting (unset: the feature it guards is off): long enough not to be
 * guessed, visible ASCII so it fits an Authorization header as is. One rule for every app that
 * reads the same token (the gateway checks GATEWAY_ADMIN_TOKEN, intervention-stats sends it).
 */
export function IsOptionalBearerToken(): PropertyDecorator {
  const rules = [
    IsOptional(),
    IsString(),
    MinLength(24),
    MaxLength(512),
    Matches(/^[\x21-\x7e]+$/, {
      message: ({ property }) => `${property} must be visible ASCII characters, no spaces`,
    }),
  ];
  return (target, property) => rules.forEach((rule) => rule(target, property));
}
