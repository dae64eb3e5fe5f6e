/**
 * The one backoff of the runtime (platform calls, records that fail): exponential from
 * `baseDelayMs`, capped at `maxDelayMs`, with "equal jitter" (half fixed, half random) so that
 * what failed together does not retry together. `attempts` counts the tries made so far (1 after
 * the first failure).
 */
export function backoffDelayMs(
  attempts: number,
  options: { baseDelayMs: number; maxDelayMs: number },
  random: () => number = Math.random,
): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
