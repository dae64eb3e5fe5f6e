import { Matches } from 'class-validator';

/** What RCED ids look like (24 hex digits in practice); no spaces, slashes or dots to break a URL path. */
const ENGAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A setting holding an RCED id (a category, the API token's user…), read by several apps: one rule,
 * so an id one app accepts is never refused by another. `what` names the object in the error.
 */
export function IsEngageId(what: string): PropertyDecorator {
  return Matches(ENGAGE_ID, { message: ({ property }) => `${property} must be ${what} (an RCED id)` });
}
