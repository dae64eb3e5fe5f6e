/** Who holds an admin token: its name becomes the actor of what the holder does. */
export interface AdminToken {
  name: string;
  token: string;
}

const NAME = /^[A-Za-z0-9._-]{1,32}$/;
const TOKEN = /^[\x21-\x2b\x2d-\x7e]{24,512}$/; // visible ASCII but the comma that separates entries

export const ADMIN_TOKENS_FORMAT =
  'a comma-separated list of name=token: each name 1-32 characters of A-Z a-z 0-9 . _ - and unique, each token 24-512 visible ASCII characters without a comma, and unique';

/**
 * Named bearer tokens of an admin API, `ops=<token>,dashboard=<token>`, after the `preset` ones (the
 * gateway's single GATEWAY_ADMIN_TOKEN); undefined when the list breaks ADMIN_TOKENS_FORMAT.
 */
export function parseAdminTokens(
  list: string | undefined,
  preset: readonly AdminToken[] = [],
): AdminToken[] | undefined {
  const tokens: AdminToken[] = [...preset];
  for (const entry of (list ?? '').split(',').map((item) => item.trim())) {
    if (entry === '') {
      continue;
    }
    const separator = entry.indexOf('=');
    const name = entry.slice(0, separator);
    const token = entry.slice(separator + 1);
    if (separator < 0 || !NAME.test(name) || !TOKEN.test(token)) {
      return undefined;
    }
    tokens.push({ name, token });
  }
  const unique = (values: string[]): boolean => new Set(values).size === values.length;
  return unique(tokens.map((t) => t.name)) && unique(tokens.map((t) => t.token)) ? tokens : undefined;
}
