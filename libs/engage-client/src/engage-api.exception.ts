export enum EngageApiErrorCode {
  /** 429: over the platform's 500 requests/minute. */
  RateLimited = 'rate_limited',
  ServerError = 'server_error',
  /** Connection refused, reset, DNS failure: the request may or may not have reached Engage. */
  NetworkError = 'network_error',
  /** No complete answer within the per-call bound. */
  Timeout = 'timeout',
  /** Any other 4xx: permission, state or validation; retrying sends the same refusal. */
  ClientError = 'client_error',
  /** A 2xx whose body is not the JSON shape the endpoint documents. */
  InvalidResponse = 'invalid_response',
}

/** The `{error, message, status}` envelope Engage sends with non-200 answers (ENGAGE_API.md §2.2). */
export interface EngageErrorBody {
  error?: string;
  message?: string;
  status?: number;
}

/** Failures after which Engage may or may not have applied the call. */
const OUTCOME_UNKNOWN = new Set([
  EngageApiErrorCode.ServerError,
  EngageApiErrorCode.NetworkError,
  EngageApiErrorCode.Timeout,
]);

const RETRIABLE = new Set([
  EngageApiErrorCode.RateLimited,
  EngageApiErrorCode.ServerError,
  EngageApiErrorCode.NetworkError,
  EngageApiErrorCode.Timeout,
]);

/**
 * Every Engage call failure. Built from the endpoint template and status only: no URL, header or
 * axios error is kept, because those carry the access token.
 */
export class EngageApiError extends Error {
  readonly retriable: boolean;
  /**
   * The call may have been applied. A non-idempotent call (POST /contents) must then be reconciled
   * (look for its result) before it is sent again: a blind retry could post a reply twice.
   */
  readonly outcomeUnknown: boolean;

  constructor(
    readonly code: EngageApiErrorCode,
    readonly endpoint: string,
    readonly status?: number,
    readonly body?: EngageErrorBody,
    /** Seconds from a 429's Retry-After header, when it held a number. */
    readonly retryAfterSeconds?: number,
  ) {
    super(describe(code, endpoint, status, body));
    this.name = 'EngageApiError';
    this.retriable = RETRIABLE.has(code);
    this.outcomeUnknown = OUTCOME_UNKNOWN.has(code);
  }
}

function describe(code: string, endpoint: string, status?: number, body?: EngageErrorBody): string {
  const detail = [status, body?.error, body?.message].filter((part) => part !== undefined).join(' ');
  return `Engage ${endpoint} failed: ${code}${detail ? ` (${detail})` : ''}`;
}
