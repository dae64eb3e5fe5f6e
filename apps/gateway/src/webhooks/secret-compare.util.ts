import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time comparison that also hides the secret's length: both sides are hashed to the same
 * size before the comparison.
 */
export function secretsMatch(received: string | undefined, expected: string): boolean {
  if (received === undefined) {
    return false;
  }
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(expected));
}
