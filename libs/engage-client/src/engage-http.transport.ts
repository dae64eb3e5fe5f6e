import { type HttpService } from '@nestjs/axios';
import { type AxiosResponse } from 'axios';
import { firstValueFrom } from 'rxjs';
import { EngageApiError, EngageApiErrorCode, type EngageErrorBody } from './engage-api.exception';
import { type EngageClientOptions } from './engage-client.options';
import { type EngageParams, encodeParams } from './engage-params.util';

export interface EngageRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Method + path template, e.g. `PUT /interventions/:id/close`: the only route form errors and metrics see. */
  endpoint: string;
  path: string;
  params?: EngageParams;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

/**
 * One HTTP attempt. GET parameters go in the query string; POST/PUT parameters go form-encoded in the
 * body, as the official curl samples do (ENGAGE_API.md §2.1): message text stays out of URLs and access
 * logs and no URL length limit applies. Engage (Rails) merges both, so the OpenAPI `in: query` holds.
 * Any axios error is replaced here: its config carries the token in headers or URL.
 */
export async function sendOnce(
  http: HttpService,
  options: EngageClientOptions,
  request: EngageRequest,
): Promise<unknown> {
  const params = encodeParams(request.params ?? {});
  const isGet = request.method === 'GET';
  const query = isGet ? params : new URLSearchParams();
  if (options.authMode === 'query') {
    query.append('access_token', options.accessToken);
  }
  const search = query.toString();
  let response: AxiosResponse<string>;
  try {
    response = await firstValueFrom(
      http.request<string>({
        method: request.method,
        url: `${options.baseUrl.replace(/\/+$/, '')}${request.path}${search ? `?${search}` : ''}`,
        data: isGet ? undefined : params.toString(),
        headers: {
          Accept: 'application/json',
          ...(isGet ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
          ...(options.authMode === 'bearer' ? { Authorization: `Bearer ${options.accessToken}` } : {}),
        },
        timeout: options.timeoutMs,
        signal: AbortSignal.timeout(options.timeoutMs),
        responseType: 'text',
        transformResponse: (data: string) => data,
        validateStatus: () => true,
        // A redirect would resend the token to wherever it points.
        maxRedirects: 0,
      }),
    );
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new EngageApiError(
      typeof code === 'string' && TIMEOUT_CODES.has(code)
        ? EngageApiErrorCode.Timeout
        : EngageApiErrorCode.NetworkError,
      request.endpoint,
    );
  }
  return readResponse(response, request.endpoint);
}

function readResponse(response: AxiosResponse<string>, endpoint: string): unknown {
  const { status } = response;
  const json = parseJson(response.data);
  if (status >= 200 && status < 300) {
    if (json === undefined) {
      throw new EngageApiError(EngageApiErrorCode.InvalidResponse, endpoint, status);
    }
    return json;
  }
  const body = errorBody(json);
  if (status === 429) {
    const retryAfter = retryAfterSeconds(response.headers['retry-after']);
    throw new EngageApiError(EngageApiErrorCode.RateLimited, endpoint, status, body, retryAfter);
  }
  if (status >= 500) {
    throw new EngageApiError(EngageApiErrorCode.ServerError, endpoint, status, body);
  }
  const code = status >= 400 ? EngageApiErrorCode.ClientError : EngageApiErrorCode.InvalidResponse;
  throw new EngageApiError(code, endpoint, status, body);
}

function parseJson(text: string): unknown {
  try {
    return typeof text === 'string' && text.length > 0 ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps only the documented envelope fields, never whatever else a proxy or error page returned. */
function errorBody(json: unknown): EngageErrorBody | undefined {
  if (typeof json !== 'object' || json === null) {
    return undefined;
  }
  const { error, message, status } = json as Record<string, unknown>;
  const body: EngageErrorBody = {
    ...(typeof error === 'string' ? { error } : {}),
    ...(typeof message === 'string' ? { message } : {}),
    ...(typeof status === 'number' ? { status } : {}),
  };
  return Object.keys(body).length > 0 ? body : undefined;
}

/** Only the delta-seconds form; an HTTP-date falls back to our own backoff. */
function retryAfterSeconds(header: unknown): number | undefined {
  return typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header.trim()) : undefined;
}
