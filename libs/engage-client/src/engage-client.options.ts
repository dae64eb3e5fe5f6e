export const ENGAGE_CLIENT_OPTIONS = Symbol('ENGAGE_CLIENT_OPTIONS');

export type EngageAuthMode = 'bearer' | 'query';

export interface EngageClientOptions {
  /** Up to and including the version, e.g. https://acme.api.engagement.dimelo.com/1.0 */
  baseUrl: string;
  accessToken: string;
  authMode: EngageAuthMode;
  /** Bound on one HTTP attempt, not on the whole call with its retries. */
  timeoutMs: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  /** Injected so tests never really wait; defaults to a timer and Math.random. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}
