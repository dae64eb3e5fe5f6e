import {
  type CategoryRecord,
  type ChannelRecord,
  type ChannelStatus,
  type IdentityRecord,
  type SourceRecord,
  type ThreadRecord,
  type UserRecord,
} from './platform.types';

type Seeded<T> = Omit<T, 'created_at'> & { created_at?: string };

/** A plain description of the platform's starting state; missing timestamps take the clock's time. */
export interface PlatformSeed {
  channels?: Seeded<ChannelRecord>[];
  sources?: Seeded<SourceRecord>[];
  categories?: Seeded<CategoryRecord>[];
  users?: Seeded<UserRecord>[];
  identities?: Seeded<IdentityRecord>[];
  threads?: (Omit<ThreadRecord, 'created_at' | 'updated_at'> & { created_at?: string })[];
  presences?: { agent_id: string; channels: Record<string, ChannelStatus> }[];
}

/**
 * Ids of the chatbot walkthrough (seeds/000): BOT/AGENT categories and its update_categories thread,
 * plus what the handover needs around it: an asynchronous (email) source on a channel of its own,
 * more AGENT users, and an agent team whose members do not all hold the AGENT category.
 */
export const WALKTHROUGH = {
  channelId: '5be1c0b4e20311250379c001',
  sourceId: '5be1c0b4e20311250379c101',
  otherCategoryId: '5bdc766799fc227748f4453',
  botCategoryId: '5be59e0a13047d01f46caa62',
  agentCategoryId: '5be59e1f13047d026b6ca8af',
  threadId: '5be1d047e20311250379c2f6',
  botUserId: '5be1c0b4e20311250379c201',
  agentUserId: '5be1c0b4e20311250379c202',
  botIdentityId: '5be1c0b4e20311250379c301',
  agentIdentityId: '5be1c0b4e20311250379c302',
  /** The email channel, holding only emailSourceId. */
  emailChannelId: '5be1c0b4e20311250379c002',
  /** An asynchronous source (email), default category BOT like the messaging source. */
  emailSourceId: '5be1c0b4e20311250379c102',
  /** Holds the AGENT category, in no team. */
  agent2UserId: '5be1c0b4e20311250379c203',
  /** Holds the AGENT category and is in the agent team. */
  agent3UserId: '5be1c0b4e20311250379c204',
  /** In the agent team but without the AGENT category. */
  teamMemberUserId: '5be1c0b4e20311250379c205',
  agent2IdentityId: '5be1c0b4e20311250379c303',
  agent3IdentityId: '5be1c0b4e20311250379c304',
  teamMemberIdentityId: '5be1c0b4e20311250379c305',
  agentTeamId: '5be1c0b4e20311250379c401',
} as const;

export function walkthroughSeed(): PlatformSeed {
  const w = WALKTHROUGH;
  return {
    channels: [
      { id: w.channelId, name: 'Messaging', label: 'Messaging', soft_capability: 2, hard_capability: 4 },
      { id: w.emailChannelId, name: 'Email', label: 'Email', soft_capability: 5, hard_capability: 10 },
    ],
    sources: [
      {
        id: w.sourceId,
        name: 'Engage Messaging',
        type: 'engage_messaging',
        kind: 'realtime',
        channel_id: w.channelId,
        default_category_ids: [w.botCategoryId],
      },
      {
        id: w.emailSourceId,
        name: 'Support email',
        type: 'email',
        kind: 'asynchronous',
        channel_id: w.emailChannelId,
        default_category_ids: [w.botCategoryId],
      },
    ],
    categories: [
      { id: w.otherCategoryId, name: 'Other', parent_id: null },
      { id: w.botCategoryId, name: 'BOT', parent_id: null },
      { id: w.agentCategoryId, name: 'AGENT', parent_id: null },
    ],
    users: [
      user(w.botUserId, 'Bot', [w.botCategoryId], [w.botIdentityId]),
      user(w.agentUserId, 'Agent', [w.agentCategoryId], [w.agentIdentityId]),
      user(w.agent2UserId, 'Agent2', [w.agentCategoryId], [w.agent2IdentityId]),
      user(w.agent3UserId, 'Agent3', [w.agentCategoryId], [w.agent3IdentityId], [w.agentTeamId]),
      user(w.teamMemberUserId, 'Member', [w.otherCategoryId], [w.teamMemberIdentityId], [w.agentTeamId]),
    ],
    identities: [
      { id: w.botIdentityId, display_name: 'Bot', user_ids: [w.botUserId] },
      { id: w.agentIdentityId, display_name: 'Agent', user_ids: [w.agentUserId] },
      { id: w.agent2IdentityId, display_name: 'Agent2', user_ids: [w.agent2UserId] },
      { id: w.agent3IdentityId, display_name: 'Agent3', user_ids: [w.agent3UserId] },
      { id: w.teamMemberIdentityId, display_name: 'Member', user_ids: [w.teamMemberUserId] },
    ],
    threads: [
      {
        id: w.threadId,
        source_id: w.sourceId,
        title: 'Walkthrough thread',
        closed: false,
        thread_category_ids: [w.otherCategoryId, w.botCategoryId],
      },
    ],
  };
}

function user(
  id: string,
  name: string,
  categoryIds: string[],
  identityIds: string[],
  teamIds: string[] = [],
): Seeded<UserRecord> {
  return {
    id,
    firstname: name,
    lastname: 'Walkthrough',
    email: `${name.toLowerCase()}@simulator.test`,
    category_ids: categoryIds,
    team_ids: teamIds,
    identity_ids: identityIds,
  };
}
