/** How deep an event's JSON may nest (RCED's metadata holds a few levels; custom fields a few more). */
export const MAX_EVENT_DEPTH = 32;

/** U+0000 and UTF-16 surrogates that are not in a pair: what Postgres refuses in text or jsonb. */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what must be found
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/**
 * The rule for text on entry, documented in the README: U+0000 and lone surrogates are replaced by
 * U+FFFD (what a UTF-8 decoder does with bytes it cannot read), in keys and values alike, so a
 * customer's message that holds them is still answered. Nothing else is changed. Returns a copy
 * only where something changed; walks without recursion, and stops at MAX_EVENT_DEPTH (what is
 * deeper is left for storableTextProblem to refuse).
 */
export function normalizeText<T>(value: T): T {
  if (typeof value === 'string') {
    return (UNSTORABLE.test(value) ? value.replace(UNSTORABLE_ALL, '\uFFFD') : value) as T;
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const root = shallowCopy(value);
  const stack: Array<[Record<string, unknown> | unknown[], number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    for (const key of Object.keys(node)) {
      const child = (node as Record<string, unknown>)[key];
      const fixedKey = UNSTORABLE.test(key) ? key.replace(UNSTORABLE_ALL, '\uFFFD') : key;
      let fixed = child;
      if (typeof child === 'string' && UNSTORABLE.test(child)) {
        fixed = child.replace(UNSTORABLE_ALL, '\uFFFD');
      } else if (typeof child === 'object' && child !== null && depth < MAX_EVENT_DEPTH) {
        fixed = shallowCopy(child);
        stack.push([fixed as Record<string, unknown> | unknown[], depth + 1]);
      }
      if (fixedKey !== key) {
        delete (node as Record<string, unknown>)[key];
      }
      (node as Record<string, unknown>)[fixedKey] = fixed;
    }
  }
  return root as T;
}

/**
 * Why this JSON value cannot be stored as it is (nested deeper than MAX_EVENT_DEPTH, or holding
 * text Postgres refuses), or null. Walks without recursion: a hostile depth costs no stack.
 */
export function storableTextProblem(value: unknown): string | null {
  const stack: Array<[unknown, number, string]> = [[value, 0, '']];
  while (stack.length > 0) {
    const [node, depth, path] = stack.pop()!;
    if (typeof node === 'string') {
      if (UNSTORABLE.test(node)) {
        return `${path || 'the value'} holds U+0000 or a lone surrogate, which cannot be stored`;
      }
      continue;
    }
    if (typeof node !== 'object' || node === null) {
      continue;
    }
    if (depth >= MAX_EVENT_DEPTH) {
      return `${path || 'the value'} nests deeper than ${MAX_EVENT_DEPTH} levels`;
    }
    for (const key of Object.keys(node)) {
      const childPath = Array.isArray(node) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (UNSTORABLE.test(key)) {
        return `${childPath} holds U+0000 or a lone surrogate in its name, which cannot be stored`;
      }
      stack.push([(node as Record<string, unknown>)[key], depth + 1, childPath]);
    }
  }
  return null;
}

function shallowCopy(value: object): Record<string, unknown> | unknown[] {
  return Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) };
}
