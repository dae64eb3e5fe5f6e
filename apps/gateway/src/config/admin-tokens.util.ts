/** Who holds an admin token: its name becomes the actor of what the holder switches. */
export interface AdminToken {
  name: string;
  token: string;
}

const NAME = /^[A-Za-z0-9._-]{1,32}$/;
const TOKEN = /^[\x21-\x2b\x2d-\x7e]{24,512}$/; // visible ASCII but the comma that separates entries

export const ADMIN_TOKENS_FORMAT =
  'a comma-separated list of name=token: each name 1-32 characters of A-Z a-z 0-9 . _ - and unique (GATEWAY_ADMIN_TOKEN is named admin), each token 24-512 visible ASCII characters without a comma, and unique';

/**
 * GATEWAY_ADMIN_TOKEN (named `admin`) and GATEWAY_ADMIN_TOKENS (`ops=<token>,dashboard=<token>`)
 * as one list; undefined when GATEWAY_ADMIN_TOKENS breaks ADMIN_TOKENS_FORMAT.
 */
export function parseAdminTokens(config: {
  GATEWAY_ADMIN_TOKEN?: string;
  GATEWAY_ADMIN_TOKENS?: string;
}): AdminToken[] | undefined {
  const tokens: AdminToken[] =
    config.GATEWAY_ADMIN_TOKEN === undefined ? [] : [{ name: 'admin', token: config.GATEWAY_ADMIN_TOKEN }];
  for (const entry of (config.GATEWAY_ADMIN_TOKENS ?? '').split(',').map((item) => item.trim())) {
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
