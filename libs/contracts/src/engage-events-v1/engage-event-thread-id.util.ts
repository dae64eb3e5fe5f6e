import { type EngageEvent } from './engage-event';

/**
 * The thread an event belongs to: `resource.metadata.thread_id` as documented, or
 * `resource.thread_id`, where the seed walkthrough's `intervention.closed` sample puts it.
 */
export function engageEventThreadId(event: EngageEvent): string | undefined {
  const candidate = event.resource.metadata?.thread_id ?? event.resource.thread_id;
  if (typeof candidate === 'string' && candidate.trim() !== '') {
    return candidate;
  }
  return typeof candidate === 'number' && Number.isFinite(candidate) ? String(candidate) : undefined;
}
