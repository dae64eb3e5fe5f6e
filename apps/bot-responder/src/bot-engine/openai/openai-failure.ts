import { APIConnectionTimeoutError } from 'openai';
import { type BotEngineError, BotEngineErrorCode } from '../bot-engine.exception';
import { refused } from '../http/post-to-bot';

type Fail = Parameters<typeof refused>[1];

/**
 * What the SDK threw, as the error the effect worker acts on. Its own messages are never kept:
 * they quote the server's error body, and OpenAI's 401 body quotes part of the API key.
 */
export function openAiFailure(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
  fail: Fail,
): BotEngineError {
  if (timedOut || error instanceof APIConnectionTimeoutError) {
    return fail(BotEngineErrorCode.Timeout, `did not answer within ${timeoutMs} ms`);
  }
  // Duck-typed, as the SDK's APIError carries them: `status` and `headers` of a non-2xx answer.
  const { status, headers, name } = (error ?? {}) as { status?: unknown; headers?: unknown; name?: unknown };
  if (typeof status === 'number') {
    return refused({ status, headers: isHeaders(headers) ? headers : new Headers() }, fail);
  }
  // The SDK parses a JSON content type itself and lets the parser's error through.
  if (name === 'SyntaxError') {
    return fail(BotEngineErrorCode.InvalidAnswer, 'answered something that is not JSON');
  }
  return fail(BotEngineErrorCode.Unavailable, `is unreachable (${systemCode(error) ?? 'connection failed'})`);
}

function isHeaders(value: unknown): value is Headers {
  return typeof (value as Headers | undefined)?.get === 'function';
}

/** ECONNREFUSED and the like, from the causes undici chains under the SDK's APIConnectionError. */
function systemCode(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause && depth < 4; cause = (cause as Error).cause, depth += 1) {
    const { code } = cause as { code?: unknown };
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) {
      return code;
    }
  }
  return undefined;
}
