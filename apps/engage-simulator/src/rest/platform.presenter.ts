import { type PlatformState } from '../platform/platform-state';
import {
  type AttachmentRecord,
  type CategoryRecord,
  type ChannelRecord,
  type ContentRecord,
  type IdentityRecord,
  type InterventionCommentRecord,
  type InterventionRecord,
  type SourceRecord,
  type ThreadRecord,
  type UserRecord,
} from '../platform/platform.types';
import { contentKind } from '../platform/source-types';

// REST shapes: only fields declared by the OpenAPI schemas (checked by openapi-shapes.int.spec.ts).

export function presentThread(state: PlatformState, thread: ThreadRecord): Record<string, unknown> {
  const contents = state.contentsOf(thread.id);
  return {
    id: thread.id,
    source_id: thread.source_id,
    title: thread.title,
    closed: thread.closed,
    category_ids: [...thread.thread_category_ids],
    thread_category_ids: [...thread.thread_category_ids],
    contents_count: contents.length,
    interventions_count: state.interventionsOf(thread.id).length,
    foreign_id: null,
    created_at: thread.created_at,
    updated_at: thread.updated_at,
  };
}

export function presentContent(state: PlatformState, content: ContentRecord): Record<string, unknown> {
  const source = state.source(content.source_id);
  const thread = state.thread(content.thread_id);
  const replied = content.in_reply_to_id ? state.contents.get(content.in_reply_to_id) : undefined;
  return {
    id: content.id,
    source_id: content.source_id,
    source_type: source.type,
    thread_id: content.thread_id,
    author_id: content.author_id,
    creator_id: content.creator_id,
    type: contentKind(source.type, content.private_message),
    created_from: content.created_from,
    private_message: content.private_message,
    status: content.status,
    intervention_id: content.intervention_id,
    title: content.title,
    body: content.body,
    body_input_format: 'text',
    category_ids: [...thread.thread_category_ids],
    in_reply_to_id: content.in_reply_to_id,
    in_reply_to_author_id: replied?.author_id ?? null,
    first_in_thread: state.contentsOf(thread.id)[0]?.id === content.id,
    approval_required: false,
    attachments_count: content.attachments.length,
    attachments: content.attachments.map(presentAttachment),
    synchronization_status: content.created_from === 'synchronizer' ? null : 'success',
    published: true,
    remotely_deleted: false,
    auto_submitted: content.auto_submitted,
    foreign_id: null,
    created_at: content.created_at,
    updated_at: content.updated_at,
  };
}

/**
 * ContentAttachment fields only. `url` has the shape the OpenAPI documents for it
 * (`https://[your-domain].engagement.dimelo.com/attachments/[attachment_id]`, downloaded with an
 * access token), the simulator's domain being `simulator`; nothing is served there.
 */
export function presentAttachment(attachment: AttachmentRecord): Record<string, unknown> {
  return {
    id: attachment.id,
    filename: attachment.filename,
    content_type: attachment.content_type,
    url: `https://simulator.engagement.dimelo.com/attachments/${attachment.id}`,
    created_at: attachment.created_at,
    updated_at: attachment.created_at,
  };
}

export function presentIntervention(state: PlatformState, item: InterventionRecord): Record<string, unknown> {
  const replies = state.agentReplies(item.id);
  return {
    id: item.id,
    source_id: item.source_id,
    thread_id: item.thread_id,
    content_id: item.content_id,
    identity_id: item.identity_id,
    user_id: item.user_id,
    closed: item.closed,
    closed_at: item.closed_at,
    deferred_at: null,
    status: item.closed ? 'closed' : 'opened',
    category_ids: [...state.thread(item.thread_id).thread_category_ids],
    comments_count: state.commentsOf(item.id).length,
    user_replies_count: replies.length,
    first_user_reply_id: replies[0]?.id ?? null,
    created_at: item.created_at,
    updated_at: item.updated_at,
  };
}

export function presentUser(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    firstname: user.firstname,
    lastname: user.lastname,
    nickname: user.firstname,
    email: user.email,
    enabled: true,
    category_ids: [...user.category_ids],
    team_ids: [...user.team_ids],
    identity_ids: [...user.identity_ids],
    created_at: user.created_at,
    updated_at: user.created_at,
  };
}

export function presentCategory(category: CategoryRecord): Record<string, unknown> {
  return { ...category, updated_at: category.created_at };
}

export function presentChannel(state: PlatformState, channel: ChannelRecord): Record<string, unknown> {
  const sourceIds = [...state.sources.values()].filter((s) => s.channel_id === channel.id).map((s) => s.id);
  return { ...channel, source_ids: sourceIds, updated_at: channel.created_at };
}

export function presentSource(source: SourceRecord): Record<string, unknown> {
  return {
    id: source.id,
    name: source.name,
    type: source.type,
    active: source.active,
    channel_id: source.channel_id,
    default_category_ids: [...source.default_category_ids],
    user_thread_default_category_ids: [...source.user_thread_default_category_ids],
    created_at: source.created_at,
    updated_at: source.updated_at,
  };
}

export function presentInterventionComment(comment: InterventionCommentRecord): Record<string, unknown> {
  return {
    id: comment.id,
    body: comment.body,
    intervention_id: comment.intervention_id,
    thread_id: comment.thread_id,
    user_id: comment.user_id,
    created_at: comment.created_at,
    updated_at: comment.updated_at,
  };
}

/** [INF] Without communities, `community_id` is null; `type` is not modelled (null). */
export function presentIdentity(identity: IdentityRecord): Record<string, unknown> {
  return {
    id: identity.id,
    display_name: identity.display_name,
    screenname: identity.screenname,
    uuid: identity.uuid,
    email: identity.email,
    firstname: identity.firstname,
    lastname: identity.lastname,
    foreign_id: identity.foreign_id,
    type: null,
    community_id: null,
    identity_group_id: null,
    user_ids: [...identity.user_ids],
    created_at: identity.created_at,
    updated_at: identity.created_at,
  };
}
