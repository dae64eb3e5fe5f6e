import { setTimeout as delay } from 'node:timers/promises';

export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
  description?: string;
}

type Pending = undefined | false;

/**
 * Asks `probe` until it returns something other than `undefined`/`false`. A probe that throws counts
 * as "not yet" (a topic or row that does not exist yet), and its last error is reported on timeout.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | Pending> | T | Pending,
  options: PollOptions = {},
): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 100, description = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${describeError(lastError)})`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${cause}`, {
        cause: lastError,
      });
    }
    await delay(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
