export type Clock = () => Date;

export interface IdGenerator {
  next(): string;
}

export type SourceKind = 'realtime' | 'asynchronous';
export type ChannelStatus = 'available' | 'away';
/** An agent's load on a channel (ENGAGE_API.md §2.7): none, under the soft limit, over it, at the hard limit. */
export type Busyness = 'unoccupied' | 'ok' | 'busy' | 'full';

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
  /** Engage source type, e.g. `engage_messaging`, `email`; contents are typed `<type>/message`. */
  type: string;
  kind: SourceKind;
  channel_id: string;
  default_category_ids: string[];
  created_at: string;
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
  created_at: string;
}

export interface IdentityRecord {
  id: string;
  display_name: string;
  user_ids: string[];
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

export interface ContentRecord {
  id: string;
  source_id: string;
  thread_id: string;
  author_id: string;
  /** Set for contents written through the API or by an agent; null for customer messages. */
  creator_id: string | null;
  body: string;
  private_message: boolean;
  in_reply_to_id: string | null;
  intervention_id: string | null;
  created_at: string;
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

export type PlatformEventType =
  'content.imported' | 'intervention.opened' | 'intervention.closed' | 'intervention.reopened';

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
