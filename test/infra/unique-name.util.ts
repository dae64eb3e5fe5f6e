import { randomBytes } from 'node:crypto';

/** Topic, group and database names that never collide between tests, runs or reruns. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}
