export const ENGAGE_PLATFORM = Symbol('ENGAGE_PLATFORM');
export const API_TOKENS = Symbol('API_TOKENS');
export const RATE_LIMITER = Symbol('RATE_LIMITER');
export const API_CALL_LOG = Symbol('API_CALL_LOG');
export const FAULT_PLAN = Symbol('FAULT_PLAN');

/** access token → id of the user it acts as (§2.1: every action is attributed to the token's user). */
export type ApiTokens = ReadonlyMap<string, string>;
