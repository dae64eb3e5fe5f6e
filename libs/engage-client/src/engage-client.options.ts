export const ENGAGE_CLIENT_OPTIONS = Symbol('ENGAGE_CLIENT_OPTIONS');

export type EngageAuthMode = 'bearer' | 'query';

export interface EngageClientOptions {
  /** Up to and including the version, e.g. https://acme.api.engagement.dimelo.com/1.0 */
  baseUrl: string;
  accessToken: string;
  authMode: EngageAuthMode;
  /** Bound on the call's one HTTP request (the client never re-sends: the effect worker retries). */
  timeoutMs: number;
}
