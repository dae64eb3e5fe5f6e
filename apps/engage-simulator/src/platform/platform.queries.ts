import { type PlatformState } from './platform-state';
import { PlatformError } from './platform.exception';
import {
  type Busyness,
  type CategoryRecord,
  type ContentRecord,
  type SourceRecord,
  type UserRecord,
} from './platform.types';
import { can, readableBy } from './source-permissions';

export interface AgentStatusView {
  agent_id: string;
  channels: { id: string; name: string; status: string | null; busyness: Busyness }[];
  custom_status: null;
}

export interface UserFilter {
  category_id?: string;
  team_id?: string;
}

/** Users newest first, as GET /users orders them (SPEC L6625). */
export function findUsers(state: PlatformState, filter: UserFilter): UserRecord[] {
  return [...state.users.values()]
    .filter((user) => !filter.category_id || user.category_ids.includes(filter.category_id))
    .filter((user) => !filter.team_id || user.team_ids.includes(filter.team_id))
    .reverse();
}

export interface CategoryFilter {
  /** SPEC getAllCategories `ids`: category ids separated by commas. */
  ids?: string;
  parent_id?: string;
}

/** SPEC getAllCategories: creation order (ascending), filtered by `ids` and `parent_id`. */
export function findCategories(state: PlatformState, filter: CategoryFilter): CategoryRecord[] {
  const ids = filter.ids === undefined ? undefined : new Set(filter.ids.split(',').map((id) => id.trim()));
  return [...state.categories.values()]
    .filter((category) => ids === undefined || ids.has(category.id))
    .filter((category) => filter.parent_id === undefined || category.parent_id === filter.parent_id);
}

const SEARCH_KEYWORDS = ['thread', 'source', 'intervention'] as const;

/**
 * Supports the `thread:`, `source:` and `intervention:` keywords of RCED's `q` syntax; newest first;
 * SPEC getAllContents: "Only contents in sources where token's user has 'read' permission".
 */
export function searchContents(state: PlatformState, userId: string, query = ''): ContentRecord[] {
  const terms = query
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => {
      const [keyword, ...rest] = term.split(':');
      if (!(SEARCH_KEYWORDS as readonly string[]).includes(keyword) || rest.length === 0) {
        throw PlatformError.invalid(`Unsupported search term ${term}`);
      }
      const field = `${keyword as (typeof SEARCH_KEYWORDS)[number]}_id` as const;
      return { field, value: rest.join(':').replace(/^['"]|['"]$/g, '') };
    });
  return readableBy(state, userId, state.contents.values())
    .filter((content) => terms.every(({ field, value }) => content[field] === value))
    .reverse();
}

export interface SourceFilter {
  active?: boolean;
  /** SPEC getAllSources `permission`: `read` (the default) or `initiate_discussion`. */
  permission?: string;
}

/**
 * SPEC getAllSources: creation order, filtered by `active` and by what the user may do there;
 * [INF] `initiate_discussion` is the reply permission (the simulator models no other).
 */
export function findSources(state: PlatformState, userId: string, filter: SourceFilter): SourceRecord[] {
  const permission = filter.permission ?? 'read';
  if (permission !== 'read' && permission !== 'initiate_discussion') {
    throw PlatformError.invalid('permission must be read or initiate_discussion');
  }
  const user = state.user(userId);
  return [...state.sources.values()]
    .filter((source) => can(user, permission === 'read' ? 'read' : 'reply', source.id))
    .filter((source) => filter.active === undefined || source.active === filter.active);
}

/**
 * Connected agents only (GET /status is a bare array); busyness is the pinned one if a test set it,
 * else computed from the agent's open interventions on the channel.
 */
export function agentStatuses(state: PlatformState): AgentStatusView[] {
  return [...state.presences.entries()].map(([agentId, presence]) => ({
    agent_id: agentId,
    channels: [...state.channels.values()].map((channel) => ({
      id: channel.id,
      name: channel.name,
      status: presence.get(channel.id) ?? null,
      busyness:
        state.pinnedBusyness.get(agentId)?.get(channel.id) ??
        busyness(openLoad(state, agentId, channel.id), channel.soft_capability, channel.hard_capability),
    })),
    custom_status: null,
  }));
}

function openLoad(state: PlatformState, agentId: string, channelId: string): number {
  return [...state.interventions.values()].filter(
    (item) =>
      !item.closed && item.user_id === agentId && state.sources.get(item.source_id)?.channel_id === channelId,
  ).length;
}

function busyness(load: number, soft: number, hard: number): Busyness {
  if (load === 0) {
    return 'unoccupied';
  }
  return load >= hard ? 'full' : load > soft ? 'busy' : 'ok';
}
