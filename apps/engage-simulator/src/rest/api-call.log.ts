import { type ApiParams } from './api-params.util';

export interface ApiCall {
  method: string;
  path: string;
  params: ApiParams;
  /** As answered, refusals included: 401, 429 (rate limit or injected fault), 5xx faults. */
  status: number;
  /**
   * Which configured token the call carried, as a fingerprint (first 12 hex of its SHA-256), so tests
   * can tell apps apart without the control API ever showing a token; null if none or unknown.
   */
  token_fingerprint: string | null;
  /** The user that token acts as; null when the token is missing or unknown. */
  user_id: string | null;
  /** When the request arrived, in epoch milliseconds. */
  at: number;
}

/** Every /1.0 request as answered, for tests and the demo (read through /_control/api-calls). */
export class ApiCallLog {
  readonly calls: ApiCall[] = [];

  record(call: ApiCall): void {
    const params = { ...call.params };
    delete params.access_token;
    this.calls.push({ ...call, params });
  }
}
