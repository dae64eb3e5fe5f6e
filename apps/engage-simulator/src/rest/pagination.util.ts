import { PlatformError } from '../platform/platform.exception';
import { type ApiParams, stringParam } from './api-params.util';

export const DEFAULT_LIMIT = 30;
export const MAX_LIMIT = 150;

export interface Page<T> {
  count: number;
  offset: number;
  limit: number;
  records: T[];
}

/** `{count, offset, limit, records}` (§2.3). Above 150 the limit is clamped to 150, not refused. */
export function paginate<T>(records: T[], params: ApiParams): Page<T> {
  const offset = integer(params, 'offset', 0);
  const limit = Math.min(integer(params, 'limit', DEFAULT_LIMIT), MAX_LIMIT);
  if (offset < 0 || limit < 1) {
    throw PlatformError.invalid('offset must be ≥ 0 and limit ≥ 1');
  }
  return { count: records.length, offset, limit, records: records.slice(offset, offset + limit) };
}

function integer(params: ApiParams, name: string, fallback: number): number {
  const raw = stringParam(params, name);
  if (raw === undefined) {
    return fallback;
  }
  if (!/^-?\d+$/.test(raw)) {
    throw PlatformError.invalid(`${name} must be an integer`);
  }
  return Number(raw);
}
