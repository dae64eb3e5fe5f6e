import { ENGAGE_ID_PATTERN } from '@handover/contracts';
import { Matches } from 'class-validator';

/**
 * A setting holding an RCED id (a category, the API token's user…), read by several apps: one rule,
 * so an id one app accepts is never refused by another. `what` names the object in the error.
 */
export function IsEngageId(what: string): PropertyDecorator {
  return Matches(ENGAGE_ID_PATTERN, {
    message: ({ property }) => `${property} must be ${what} (an RCED id)`,
  });
}
