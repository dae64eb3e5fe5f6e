import {
  type ContentRecord,
  type InterventionRecord,
  type PlatformEventType,
  type SourceRecord,
  type ThreadRecord,
} from './platform.types';

export interface PendingEvent {
  type: PlatformEventType;
  user_id?: string;
  resource: { type: string; id: string; metadata: Record<string, unknown> };
}

/** content.imported metadata as seen in real payloads (ENGAGE_API.md §1.3), incl. category_ids. */
export function contentImported(
  content: ContentRecord,
  source: SourceRecord,
  thread: ThreadRecord,
  firstInThread: boolean,
): PendingEvent {
  return {
    type: 'content.imported',
    ...(content.creator_id ? { user_id: content.creator_id } : {}),
    resource: {
      type: `${source.type}/message`,
      id: content.id,
      metadata: {
        author_id: content.author_id,
        body: content.body,
        body_input_format: 'text',
        category_ids: [...thread.thread_category_ids],
        created_from: content.creator_id ? 'api' : 'synchronizer',
        creator_id: content.creator_id,
        first_in_thread: firstInThread,
        in_reply_to_id: content.in_reply_to_id,
        intervention_id: content.intervention_id,
        private: content.private_message,
        source_id: content.source_id,
        status: content.creator_id ? 'replied' : 'new',
        thread_id: content.thread_id,
        thread_title: thread.title,
      },
    },
  };
}

export function interventionEvent(
  type: 'intervention.opened' | 'intervention.closed' | 'intervention.reopened',
  intervention: InterventionRecord,
  thread: ThreadRecord,
  userId?: string,
): PendingEvent {
  return {
    type,
    ...(userId ? { user_id: userId } : {}),
    resource: {
      type: 'intervention',
      id: intervention.id,
      metadata: {
        source_id: intervention.source_id,
        thread_id: intervention.thread_id,
        user_id: intervention.user_id,
        identity_id: intervention.identity_id,
        category_ids: [...thread.thread_category_ids],
        closed_at: intervention.closed_at,
        deferred_at: null,
        custom_field_values: {},
      },
    },
  };
}
