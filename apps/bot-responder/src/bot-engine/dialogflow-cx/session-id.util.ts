import { createHash } from 'node:crypto';

/** What a CX session id may be used as is: at most 36 bytes, and nothing to escape in a URL path. */
const USABLE_AS_IS = /^[A-Za-z0-9_-]{1,36}$/;

/**
 * One CX session per thread, so the agent keeps the conversation's state between turns. A thread id
 * that cannot be a session id (too long, or other characters) is replaced by the first 32 hex
 * characters of its SHA-256: stable for the thread, and still within CX's 36-byte limit.
 */
export function sessionIdOf(threadId: string): string {
  return USABLE_AS_IS.test(threadId)
    ? threadId
    : createHash('sha256').update(threadId, 'utf8').digest('hex').slice(0, 32);
}
