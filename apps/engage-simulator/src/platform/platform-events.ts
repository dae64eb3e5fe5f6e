import { type PlatformState } from './platform-state';
import {
  type ContentEventType,
  type ContentRecord,
  type InterventionEventType,
  type InterventionRecord,
  type PlatformEventType,
  type ThreadRecord,
} from './platform.types';
import { contentKind } from './source-types';

export interface PendingEvent {
  type: PlatformEventType;
  user_id?: string;
  resource: { type: string; id: string; metadata: Record<string, unknown> };
}

/**
 * Content metadata as events.md lists it and real payloads show it (ENGAGE_API.md §1.3: the seed
 * walkthrough sample, docs/interactions/chatbots/implementation.md). `category_ids` is in the
 * walkthrough samples but not in RingCentral's own sample: left out when `categoryIds` is false.
 * Email contents also carry `from`, `cc` and `bcc`, which engage-digital-chatbot-js reads to answer.
 */
export function contentEvent(
  type: ContentEventType,
  state: PlatformState,
  content: ContentRecord,
  categoryIds: boolean,
): PendingEvent {
  const source = state.source(content.source_id);
  const thread = state.thread(content.thread_id);
  const replied = content.in_reply_to_id ? state.contents.get(content.in_reply_to_id) : undefined;
  const kind = contentKind(source.type, content.private_message);
  return {
    type,
    ...(content.creator_id ? { user_id: content.creator_id } : {}),
    resource: {
      type: `${source.type}/${kind}`,
      id: content.id,
      metadata: {
        id: content.id,
        approval_required: false,
        author_id: content.author_id,
        body: content.body,
        body_input_format: 'text',
        ...(categoryIds ? { category_ids: [...thread.thread_category_ids] } : {}),
        created_from: content.created_from,
        creator_id: content.creator_id,
        date: content.created_at.slice(0, 10),
        first_in_thread: state.contentsOf(thread.id)[0]?.id === content.id,
        foreign_categories: [],
        has_attachment: content.attachments.length > 0,
        in_reply_to_author_id: replied?.author_id ?? null,
        in_reply_to_id: content.in_reply_to_id,
        intervention_id: content.intervention_id,
        private: content.private_message,
        source_id: content.source_id,
        source_type: source.type,
        status: content.status,
        thread_id: content.thread_id,
        thread_title: thread.title,
        type: kind,
        ...(source.type === 'emails'
          ? {
              from: state.identities.get(content.author_id)?.email ?? null,
              cc: [...content.cc],
              bcc: [...content.bcc],
            }
          : {}),
        // events.md: content.exported "does not mean that the export succeeded", this field says.
        ...(type === 'content.exported' ? { synchronization_status: 'success' } : {}),
      },
    },
  };
}

/** Intervention metadata, events.md "Interventions" (category_ids included: it is documented there). */
export function interventionEvent(
  type: InterventionEventType,
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
