export { ENGAGE_ID_PATTERN, ENGAGE_ID_RULE, idOrNull, isEngageId } from './engage-id';
export { isInstant, parseInstant } from './instant';
