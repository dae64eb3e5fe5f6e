import { createHash } from 'node:crypto';

/** One /1.0 call as the simulator's log holds it (GET /_control/api-calls). */
export interface LoggedApiCall {
  method: string;
  path: string;
  status: number;
  /** Which configured token the call carried: the first 12 hex of its SHA-256. */
  token_fingerprint: string | null;
  /** Arrival, epoch ms. */
  at: number;
}

const UPDATE_CATEGORIES = /^\/1\.0\/content_threads\/([^/]+)\/update_categories$/;

export async function readApiCalls(simulatorUrl: string): Promise<LoggedApiCall[]> {
  const response = await fetch(`${simulatorUrl}/_control/api-calls`, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) {
    throw new Error(`GET ${simulatorUrl}/_control/api-calls answered ${response.status}`);
  }
  const calls = (await response.json()) as LoggedApiCall[];
  if (calls.some((call) => typeof call.at !== 'number' || call.token_fingerprint === undefined)) {
    throw new Error(
      'the simulator lists API calls without `at` or `token_fingerprint`: rebuild engage-simulator',
    );
  }
  return calls;
}

/** The calls made with `token`, told apart by the fingerprint the simulator logs instead of the token. */
export function callsBy(calls: readonly LoggedApiCall[], token: string): LoggedApiCall[] {
  const fingerprint = createHash('sha256').update(token).digest('hex').slice(0, 12);
  return calls.filter((call) => call.token_fingerprint === fingerprint);
}

/** The thread a `PUT /1.0/content_threads/:id/update_categories` is about; undefined for other calls. */
export function recategorizedThread(call: LoggedApiCall): string | undefined {
  return call.method === 'PUT' ? UPDATE_CATEGORIES.exec(call.path)?.[1] : undefined;
}

/** Per thread, the earliest update_categories arrival answered 200 at or after `notBefore` (epoch ms). */
export function firstRecategorization(
  calls: readonly LoggedApiCall[],
  notBefore: ReadonlyMap<string, number> | number = 0,
): Map<string, number> {
  const first = new Map<string, number>();
  for (const call of calls) {
    const threadId = recategorizedThread(call);
    if (threadId === undefined || call.status !== 200) {
      continue;
    }
    const floor = typeof notBefore === 'number' ? notBefore : notBefore.get(threadId);
    if (floor === undefined || call.at < floor) {
      continue;
    }
    first.set(threadId, Math.min(first.get(threadId) ?? Number.POSITIVE_INFINITY, call.at));
  }
  return first;
}

export function statusCounts(calls: readonly LoggedApiCall[]): Record<string, number> {
  return countBy(calls, (call) => String(call.status));
}

export function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const key = keyOf(item);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * The most calls whose arrivals fall within any `windowMs` (as the simulator's sliding limiter
 * counts: a call counts while `at > now - windowMs`), and when that window started.
 */
export function maxInAnyWindow(times: readonly number[], windowMs: number): { count: number; from?: number } {
  const sorted = [...times].sort((a, b) => a - b);
  let best = { count: 0, from: undefined as number | undefined };
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) {
      start++;
    }
    if (end - start + 1 > best.count) {
      best = { count: end - start + 1, from: sorted[start] };
    }
  }
  return best;
}

/** A call's path with its ids left out (`/1.0/content_threads/:id`), so calls tally per route. */
export function routeOf(path: string): string {
  return path
    .split('?')[0]
    .split('/')
    .map((segment, index) => (index > 2 && /\d/.test(segment) ? ':id' : segment))
    .join('/');
}
