/**
 * The one rule for RCED ids, wherever they come from (webhooks, our events, settings). RCED shows
 * 24-hex strings, older documents UUIDs and integers (ENGAGE_API.md §1.3: treat them as opaque), so
 * letters, digits, `-` and `_`, at most 64 of them: nothing that could change a URL path (`/`, `.`,
 * `..`, `%`), nothing Postgres refuses, and no id that inflates every record it is copied into.
 */
export const ENGAGE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A string id as above, or a non-negative safe integer (older documents type some ids as integers). */
export function isEngageId(value: unknown): value is string | number {
  return typeof value === 'string'
    ? ENGAGE_ID_PATTERN.test(value)
    : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export const ENGAGE_ID_RULE = 'an RCED id (1 to 64 letters, digits, - or _)';

/** An optional id field as text (ids may come as numbers), or null when absent or not an id's type. */
export function idOrNull(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
