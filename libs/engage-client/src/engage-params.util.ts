export type EngageParamValue = string | number | boolean | readonly string[] | undefined;
export type EngageParams = Record<string, EngageParamValue>;

/**
 * Rails-style encoding (ENGAGE_API.md §2.1): an array goes out as repeated `name[]=v` pairs, which is
 * how Engage reads a set; undefined values are left out. An empty array is sent as one empty `name[]=`
 * so that "clear the set" is not silently turned into "parameter absent, change nothing".
 */
export function encodeParams(params: EngageParams): URLSearchParams {
  const encoded = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      const items = value as readonly string[];
      (items.length > 0 ? items : ['']).forEach((item) => encoded.append(`${name}[]`, item));
    } else if (value !== undefined) {
      encoded.append(name, String(value));
    }
  }
  return encoded;
}
