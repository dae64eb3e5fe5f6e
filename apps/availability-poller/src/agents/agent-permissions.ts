import { type EngageUser } from '@handover/engage-client';

/** One cached agent and why it may take handed-over threads. */
export interface AgentPermission {
  userId: string;
  viaCategory: boolean;
  viaTeam: boolean;
}

export interface AgentFilter {
  categoryId?: string;
  teamId?: string;
}

/** Names what the cache was built from: a configuration change must rebuild it, TTL or not. */
export function agentsFilterKey(filter: AgentFilter): string {
  return [
    filter.categoryId ? `category:${filter.categoryId}` : '',
    filter.teamId ? `team:${filter.teamId}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The union of the category's and the team's users (either list may be empty); disabled users are left out. */
export function agentPermissions(
  byCategory: readonly EngageUser[],
  byTeam: readonly EngageUser[],
): AgentPermission[] {
  const agents = new Map<string, AgentPermission>();
  const add = (users: readonly EngageUser[], via: 'viaCategory' | 'viaTeam') => {
    for (const user of users.filter((u) => u.enabled !== false)) {
      const agent = agents.get(user.id) ?? { userId: user.id, viaCategory: false, viaTeam: false };
      agent[via] = true;
      agents.set(user.id, agent);
    }
  };
  add(byCategory, 'viaCategory');
  add(byTeam, 'viaTeam');
  return [...agents.values()].sort((a, b) => a.userId.localeCompare(b.userId));
}
