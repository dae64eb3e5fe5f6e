export type ParamValue = string | string[] | number | boolean | null | undefined | Record<string, unknown>;
export type ApiParams = Record<string, ParamValue>;

/** Rails-style: query, then form or JSON body; `name[]` keys become arrays named `name` (§2.1). */
export function mergeApiParams(...sources: unknown[]): ApiParams {
  const merged: ApiParams = {};
  for (const source of sources) {
    if (source && typeof source === 'object' && !Array.isArray(source)) {
      for (const [key, value] of Object.entries(source as Record<string, ParamValue>)) {
        if (key.endsWith('[]')) {
          merged[key.slice(0, -2)] = toList(value);
        } else {
          merged[key] = value;
        }
      }
    }
  }
  return merged;
}

function toList(value: ParamValue): string[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value)
    ? value.map(String)
    : [typeof value === 'object' ? JSON.stringify(value) : String(value)];
}

/** application/x-www-form-urlencoded → repeated keys become arrays (Fastify has no parser of its own). */
export function parseFormBody(body: string): Record<string, string | string[]> {
  const parsed: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const previous = parsed[key];
    parsed[key] = previous === undefined ? value : ([] as string[]).concat(previous, value);
  }
  return parsed;
}

export function stringParam(params: ApiParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

export function listParam(params: ApiParams, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined) {
    return undefined;
  }
  return (Array.isArray(value) ? value : [value]).map(String).filter(Boolean);
}

/** `private` is documented as "true" but clients send 1 (§2.1): both are accepted. */
export function booleanParam(params: ApiParams, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  return value === true || value === 1 || value === '1' || value === 'true';
}
