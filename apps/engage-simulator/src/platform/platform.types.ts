export type Clock = () => Date;

export interface IdGenerator {
  next(): string;
}

export type SourceKind = 'realtime' | 'asynchronous';
export type ChannelStatus = 'available' | 'away';
/** An agent's load on a channel (ENGAGE_API.md §2.7): none, under the soft limit, over it, at the hard limit. */
export type Busyness = 'unoccupied' | 'ok' | 'busy' | 'full';

/** What a user may do on a source (SPEC updateUserSourcesPermissions); the simulator models these two. */
export type SourcePermission = 'read' | 'reply';

/**
 * Content statuses, as docs/basics/pagination.md `status_in` lists them: new, assigned (under
 * intervention), forwarded, replied (replied by an agent), user_reply (a reply made by an agent),
 * user_initiated (initiated by an agent), ignored.
 */
export const CONTENT_STATUSES = [
  'new',
  'assigned',
  'forwarded',
  'replied',
  'user_reply',
  'user_initiated',
  'ignored',
] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** events.md content metadata `created_from`: the source's synchronizer, the API or the console. */
export type CreatedFrom = 'synchronizer' | 'api' | 'interface';

/** Who wrote a content, as the customer sees it: themselves, or the brand (bot, agent, source). */
export type Sender = 'customer' | 'brand';

export interface ChannelRecord {
  id: string;
  name: string;
  label: string;
  soft_capability: number;
  hard_capability: number;
  created_at: string;
}

export interface SourceRecord {
  id: string;
  name: string;
  /** Engage source type, e.g. `chat`, `emails`, `twtr`; contents are typed `<type>/<kind>` (§1.3). */
  type: string;
  kind: SourceKind;
  channel_id: string;
  /** What new threads of the source get (SPEC updateSource `default_category_ids[]`). */
  default_category_ids: string[];
  /** SPEC updateSource: "Default categories (agent messages)", for threads an agent or the API starts. */
  user_thread_default_category_ids: string[];
  active: boolean;
  /** The brand's own identity on the source: author of its posts and welcome messages. */
  brand_identity_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CategoryRecord {
  id: string;
  name: string;
  parent_id: string | null;
  created_at: string;
}

export interface UserRecord {
  id: string;
  firstname: string;
  lastname: string;
  email: string;
  category_ids: string[];
  team_ids: string[];
  identity_ids: string[];
  /** source id → what the user may do there; a source not listed is neither readable nor repliable. */
  source_permissions: Record<string, SourcePermission[]>;
  /** The role permission "edit permissions": lets a user close interventions they do not own. */
  may_edit_permissions: boolean;
  created_at: string;
}

export interface IdentityRecord {
  id: string;
  display_name: string;
  screenname: string | null;
  uuid: string | null;
  email: string | null;
  firstname: string | null;
  lastname: string | null;
  foreign_id: string | null;
  user_ids: string[];
  /** The source the identity was imported from; null for agents' identities, visible to every user. */
  source_id: string | null;
  created_at: string;
}

export interface ThreadRecord {
  id: string;
  source_id: string;
  title: string;
  closed: boolean;
  thread_category_ids: string[];
  created_at: string;
  updated_at: string;
}

export interface AttachmentRecord {
  id: string;
  /** Unknown (null) for `attachment_ids[]` given to POST /contents: the simulator has no upload API. */
  filename: string | null;
  content_type: string | null;
  created_at: string;
}

export interface ContentRecord {
  id: string;
  source_id: string;
  thread_id: string;
  author_id: string;
  /** Set for contents written through the API or by an agent; null for what the source imported. */
  creator_id: string | null;
  sender: Sender;
  created_from: CreatedFrom;
  status: ContentStatus;
  body: string;
  title: string | null;
  private_message: boolean;
  in_reply_to_id: string | null;
  intervention_id: string | null;
  to: string[];
  cc: string[];
  bcc: string[];
  attachments: AttachmentRecord[];
  auto_submitted: boolean;
  created_at: string;
  updated_at: string;
}

export interface InterventionRecord {
  id: string;
  source_id: string;
  thread_id: string;
  content_id: string;
  identity_id: string;
  user_id: string;
  closed: boolean;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An agents-only note on an intervention (SPEC InterventionComment): never a content, never exported. */
export interface InterventionCommentRecord {
  id: string;
  source_id: string;
  intervention_id: string;
  thread_id: string;
  user_id: string;
  body: string;
  created_at: string;
  updated_at: string;
}

export type ContentEventType =
  'content.imported' | 'content.replied' | 'content.discussion_initiated' | 'content.exported';

export type InterventionEventType =
  | 'intervention.opened'
  | 'intervention.closed'
  | 'intervention.reopened'
  | 'intervention.user_updated'
  | 'intervention.recategorized';

export type PlatformEventType = ContentEventType | InterventionEventType;

/** An event the platform would deliver by webhook (ENGAGE_API.md §1.3); delivery comes later. */
export interface PlatformEvent {
  id: string;
  type: PlatformEventType;
  issued_at: string;
  user_id?: string;
  resource: { type: string; id: string; metadata: Record<string, unknown> };
}

/** channel id → status, for one connected agent. */
export type AgentPresence = Map<string, ChannelStatus>;

/** channel id → busyness set by a test or scenario, in place of the one computed from open interventions. */
export type PinnedBusyness = Map<string, Busyness>;
