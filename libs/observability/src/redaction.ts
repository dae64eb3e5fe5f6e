/**
 * Places where a secret can reach a log line: the webhook secret header, bearer tokens, and
 * query strings (the RCED handshake carries `hub.verify_token` in the URL).
 */
export const REDACTED_PATHS = [
  'req.headers["x-dimelo-secret"]',
  'req.headers.authorization',
  'req.headers["x-admin-token"]',
  'req.query',
] as const;

/** Logs a URL without its query string: tokens travel there. */
export function pathOnly(url: string | undefined): string | undefined {
  return url?.split('?', 1)[0];
}
