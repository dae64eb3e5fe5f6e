import { randomUUID } from 'node:crypto';
import { SEED_CONTENT_IMPORTED, copyOf } from '../fixtures';

type Envelope = typeof SEED_CONTENT_IMPORTED;

/** A content.imported envelope shaped like the seed's, with fresh ids so tests never collide. */
export function contentImportedEnvelope(
  options: { threadId?: string; events?: number; body?: string } = {},
): Envelope {
  const envelope = copyOf(SEED_CONTENT_IMPORTED);
  const template = envelope.events[0];
  const threadId = options.threadId ?? `thread-${randomUUID()}`;
  envelope.id = `envelope-${randomUUID()}`;
  envelope.events = Array.from({ length: options.events ?? 1 }, (_, index) => ({
    ...template,
    id: `event-${randomUUID()}`,
    resource: {
      ...template.resource,
      id: `content-${randomUUID()}`,
      metadata: {
        ...template.resource.metadata,
        thread_id: threadId,
        body: options.body ?? `message ${index}`,
      },
    },
  }));
  return envelope;
}

export function eventIdsOf(envelope: { events: Array<{ id: string }> }): string[] {
  return envelope.events.map((event) => event.id);
}
