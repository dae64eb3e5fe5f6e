/**
 * Event families that always concern one conversation: the gateway refuses them without a thread
 * id, because a record without its thread would break per-thread ordering downstream.
 */
const THREAD_SCOPED_PREFIXES = ['content.', 'intervention.'] as const;

export function isThreadScopedEventType(type: string): boolean {
  return THREAD_SCOPED_PREFIXES.some((prefix) => type.startsWith(prefix));
}
