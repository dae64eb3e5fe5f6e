import { type ApiParams } from './api-params.util';

export interface ApiCall {
  method: string;
  path: string;
  params: ApiParams;
  status: number;
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
