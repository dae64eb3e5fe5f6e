/**
 * The one rule for dates crossing our boundary (webhooks, our own events, query parameters): an
 * RFC 3339 date-time, as RCED documents `issued_at` (ENGAGE_API.md §1.3, sample
 * `2014-02-10T18:35:35.251Z`), with a `Z` or `±hh:mm` offset and optional fractions of a second.
 * ISO 8601's other forms (week dates `2024-W01-1`, basic `20240101T000000Z`, hour-only `T00Z`)
 * are refused: what is accepted is what `Date` reads, to the same instant, everywhere.
 */
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/** The instant, or undefined when `value` is not an RFC 3339 date-time of a real calendar day. */
export function parseInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const parts = RFC_3339.exec(value);
  if (parts === null) {
    return undefined;
  }
  const [, year, month, day, hour, minute, second, , , offsetHours, offsetMinutes] = parts.map(Number);
  const realDay = year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
  const realTime = hour <= 23 && minute <= 59 && second <= 59;
  const realOffset = parts[9] === undefined || (offsetHours <= 23 && offsetMinutes <= 59);
  if (!realDay || !realTime || !realOffset) {
    return undefined;
  }
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

export function isInstant(value: unknown): value is string {
  return parseInstant(value) !== undefined;
}

function daysIn(year: number, month: number): number {
  if (month === 2) {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
