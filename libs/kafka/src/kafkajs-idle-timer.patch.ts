import { version } from 'kafkajs/package.json';

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own value: how soon to look again at requests queued behind the in-flight limit. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/**
 * kafkajs 2.2.4, its last release, re-arms a timer about every millisecond on every broker
 * connection even when nothing waits (kafkajs#1556, #1704): an idle consumer spends CPU on it
 * (about a quarter of bot-responder's busy time at 1 message/s, `npm run bench -- bot --rate 1
 * --cpu-prof`). This is the fix of kafkajs#1667, never released: with nothing pending and no
 * throttle, no timer; a request queued later schedules its own check, as before.
 */
export function patchKafkajsIdleTimer(requestQueue: { prototype: RequestQueueInternals }): boolean {
  if (version !== '2.2.4') {
    return false; // A newer kafkajs: check whether it still needs this before patching it again.
  }
  requestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals): void {
    if (this.throttleCheckTimeoutId) {
      return;
    }
    const throttledForMs = this.throttledUntil - Date.now();
    if (this.pending.length === 0 && throttledForMs <= 0) {
      return;
    }
    const delayMs =
      this.pending.length > 0 && throttledForMs <= 0 ? CHECK_PENDING_REQUESTS_INTERVAL_MS : throttledForMs;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delayMs);
  };
  return true;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- kafkajs exports no type for this internal class
patchKafkajsIdleTimer(require('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals });
