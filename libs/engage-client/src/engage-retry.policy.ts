import { type EngageApiError } from './engage-api.exception';

const MAX_BACKOFF_MS = 30_000;

/**
 * Delay before retry number `attempt` (0-based), or undefined when the error must not be retried
 * here. A non-idempotent call is re-sent only after a 429, which Engage refused before applying:
 * after a timeout or a 5xx it may have been applied, and its caller must reconcile first.
 * A 429's Retry-After wins; otherwise exponential backoff with "equal jitter" (half fixed, half
 * random), so clients that failed together do not retry together against the 500/minute budget.
 */
export function retryDelayMs(
  error: EngageApiError,
  attempt: number,
  policy: { maxRetries: number; baseDelayMs: number; random: () => number },
  idempotent = true,
): number | undefined {
  if (!error.retriable || attempt >= policy.maxRetries || (!idempotent && error.outcomeUnknown)) {
    return undefined;
  }
  if (error.retryAfterSeconds !== undefined) {
    return error.retryAfterSeconds * 1000;
  }
  const ceiling = Math.min(MAX_BACKOFF_MS, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * policy.random());
}
