import { BotEngineError, BotEngineErrorCode } from '../bot-engine.exception';

export interface BotEndpoint {
  url: string;
  /** How errors name the bot: e.g. "Rasa bot at http://rasa:5005/webhooks/rest/webhook". */
  label: string;
  timeoutMs: number;
}

/**
 * POSTs one request to a bot and returns the body of its 2xx answer. Every failure is a
 * BotEngineError naming the endpoint and what went wrong, never the request, its headers or the
 * bot's body: refused credentials, rate limit, other status, timeout, unreachable.
 */
export async function postToBot(
  endpoint: BotEndpoint,
  headers: Record<string, string>,
  body: string,
): Promise<string> {
  const fail = (
    code: BotEngineErrorCode,
    problem: string,
    details?: ConstructorParameters<typeof BotEngineError>[2],
  ): BotEngineError => new BotEngineError(code, `${endpoint.label} ${problem}`, details);
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw refused(response, fail);
    }
    return await response.text();
  } catch (error) {
    if (error instanceof BotEngineError) {
      throw error;
    }
    const { name, cause } = asErrorLike(error);
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw fail(BotEngineErrorCode.Timeout, `did not answer within ${endpoint.timeoutMs} ms`);
    }
    // Only the system error code (ECONNREFUSED…) undici keeps in `cause`, never the request itself.
    const code = asErrorLike(cause).code;
    throw fail(BotEngineErrorCode.Unavailable, `is unreachable (${typeof code === 'string' ? code : name})`);
  }
}

/** A non-2xx answer as the error the effect worker acts on: refused for good, or ask again (later). */
export function refused(
  response: Pick<Response, 'status' | 'headers'>,
  fail: (
    code: BotEngineErrorCode,
    problem: string,
    details?: { status?: number; retryAfterSeconds?: number },
  ) => BotEngineError,
): BotEngineError {
  const { status } = response;
  if (status === 401 || status === 403) {
    return fail(BotEngineErrorCode.AuthRefused, `refused our credentials (HTTP ${status})`, { status });
  }
  if (status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    return fail(BotEngineErrorCode.RateLimited, 'is rate limiting us (HTTP 429)', {
      status,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  const code = status >= 500 ? BotEngineErrorCode.Unavailable : BotEngineErrorCode.Refused;
  return fail(code, `answered HTTP ${status}`, { status });
}

// Duck-typed: fetch's errors come from another realm under Jest, where instanceof fails.
function asErrorLike(error: unknown): { name: string; cause?: unknown; code?: unknown } {
  if (typeof error !== 'object' || error === null) {
    return { name: 'unknown error' };
  }
  const { name, cause, code } = error as { name?: unknown; cause?: unknown; code?: unknown };
  return { name: typeof name === 'string' ? name : 'unknown error', cause, code };
}
