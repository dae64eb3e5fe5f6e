import {
  type CategoryRecord,
  type ChannelRecord,
  type ChannelStatus,
  type IdentityRecord,
  type SourcePermission,
  type SourceRecord,
  type ThreadRecord,
  type UserRecord,
} from './platform.types';

type Seeded<T> = Omit<T, 'created_at'> & { created_at?: string };

/** Fields a seed may leave out; PlatformState fills them (see there for the defaults). */
export type SourceSeed = Omit<
  SourceRecord,
  'created_at' | 'updated_at' | 'active' | 'user_thread_default_category_ids' | 'brand_identity_id'
> &
  Partial<Pick<SourceRecord, 'active' | 'user_thread_default_category_ids' | 'brand_identity_id'>> & {
    created_at?: string;
  };
export type UserSeed = Omit<Seeded<UserRecord>, 'source_permissions' | 'may_edit_permissions'> &
  Partial<Pick<UserRecord, 'source_permissions' | 'may_edit_permissions'>>;
export type IdentitySeed = Pick<IdentityRecord, 'id' | 'display_name' | 'user_ids'> &
  Partial<Omit<IdentityRecord, 'id' | 'display_name' | 'user_ids'>>;

/** A plain description of the platform's starting state; missing timestamps take the clock's time. */
export interface PlatformSeed {
  channels?: Seeded<ChannelRecord>[];
  sources?: SourceSeed[];
  categories?: Seeded<CategoryRecord>[];
  users?: UserSeed[];
  identities?: IdentitySeed[];
  threads?: (Omit<ThreadRecord, 'created_at' | 'updated_at'> & { created_at?: string })[];
  presences?: { agent_id: string; channels: Record<string, ChannelStatus> }[];
}

/**
 * Ids of the chatbot walkthrough (seeds/000): its "Dimelo Chat" source, BOT/AGENT categories and
 * update_categories thread, plus what the handover needs around it: an asynchronous email source on a
 * channel of its own, a Twitter source on a social channel, a second chat source sharing the chat's
 * channel (and its agents), more AGENT users, an agent team whose members do not all hold the AGENT
 * category, and users whose source permissions or role differ.
 */
export const WALKTHROUGH = {
  /** The chat channel, holding sourceId and secondChatSourceId. */
  channelId: '5be1c0b4e20311250379c001',
  /** "Dimelo Chat", type `chat` (realtime): contents `chat/message`, customer messages private. */
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
  /** Type `emails` (asynchronous), default category BOT: contents `emails/email`, private. */
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
  /** An asynchronous channel holding only twitterSourceId. */
  socialChannelId: '5be1c0b4e20311250379c003',
  /** Type `twtr`, default category BOT: tweets `twtr/tweet` (public), direct messages `twtr/private_message`. */
  twitterSourceId: '5be1c0b4e20311250379c103',
  /** Type `chat` on channelId like sourceId, default category BOT, with the same readers and repliers. */
  secondChatSourceId: '5be1c0b4e20311250379c104',
  /** The brand's identities: authors of brand posts and welcome messages on each source. */
  chatBrandIdentityId: '5be1c0b4e20311250379c311',
  emailBrandIdentityId: '5be1c0b4e20311250379c312',
  twitterBrandIdentityId: '5be1c0b4e20311250379c313',
  secondChatBrandIdentityId: '5be1c0b4e20311250379c314',
  /** Can read no source: everything on them is "not found", and they may not reply. */
  noReadUserId: '5be1c0b4e20311250379c206',
  /** May edit permissions (so may close others' interventions); read and reply on every source. */
  adminUserId: '5be1c0b4e20311250379c207',
  /** Read on every source but reply on none. */
  readOnlyUserId: '5be1c0b4e20311250379c208',
} as const;

export function walkthroughSeed(): PlatformSeed {
  const w = WALKTHROUGH;
  const sourceIds = [w.sourceId, w.emailSourceId, w.twitterSourceId, w.secondChatSourceId];
  const everywhere = (permissions: SourcePermission[]): Record<string, SourcePermission[]> =>
    Object.fromEntries(sourceIds.map((id) => [id, [...permissions]]));
  const agent = everywhere(['read', 'reply']);
  return {
    channels: [
      { id: w.channelId, name: 'Messaging', label: 'Messaging', soft_capability: 2, hard_capability: 4 },
      { id: w.emailChannelId, name: 'Email', label: 'Email', soft_capability: 5, hard_capability: 10 },
      { id: w.socialChannelId, name: 'Social', label: 'Social', soft_capability: 5, hard_capability: 10 },
    ],
    sources: [
      source(w.sourceId, 'Dimelo Chat', 'chat', 'realtime', w.channelId, w.chatBrandIdentityId),
      source(
        w.emailSourceId,
        'Support email',
        'emails',
        'asynchronous',
        w.emailChannelId,
        w.emailBrandIdentityId,
      ),
      source(
        w.twitterSourceId,
        'Twitter',
        'twtr',
        'asynchronous',
        w.socialChannelId,
        w.twitterBrandIdentityId,
      ),
      source(
        w.secondChatSourceId,
        'Dimelo Chat (2)',
        'chat',
        'realtime',
        w.channelId,
        w.secondChatBrandIdentityId,
      ),
    ].map((item) => ({ ...item, default_category_ids: [w.botCategoryId] })),
    categories: [
      { id: w.otherCategoryId, name: 'Other', parent_id: null },
      { id: w.botCategoryId, name: 'BOT', parent_id: null },
      { id: w.agentCategoryId, name: 'AGENT', parent_id: null },
    ],
    users: [
      user(w.botUserId, 'Bot', [w.botCategoryId], [w.botIdentityId], agent),
      user(w.agentUserId, 'Agent', [w.agentCategoryId], [w.agentIdentityId], agent),
      user(w.agent2UserId, 'Agent2', [w.agentCategoryId], [w.agent2IdentityId], agent),
      user(w.agent3UserId, 'Agent3', [w.agentCategoryId], [w.agent3IdentityId], agent, [w.agentTeamId]),
      user(w.teamMemberUserId, 'Member', [w.otherCategoryId], [w.teamMemberIdentityId], agent, [
        w.agentTeamId,
      ]),
      user(w.noReadUserId, 'NoRead', [], [], {}),
      { ...user(w.adminUserId, 'Admin', [], [], agent), may_edit_permissions: true },
      user(w.readOnlyUserId, 'ReadOnly', [], [], everywhere(['read'])),
    ],
    identities: [
      { id: w.botIdentityId, display_name: 'Bot', user_ids: [w.botUserId] },
      { id: w.agentIdentityId, display_name: 'Agent', user_ids: [w.agentUserId] },
      { id: w.agent2IdentityId, display_name: 'Agent2', user_ids: [w.agent2UserId] },
      { id: w.agent3IdentityId, display_name: 'Agent3', user_ids: [w.agent3UserId] },
      { id: w.teamMemberIdentityId, display_name: 'Member', user_ids: [w.teamMemberUserId] },
      brand(w.chatBrandIdentityId, 'Dimelo Chat', w.sourceId, 'dimelo_chat'),
      {
        ...brand(w.emailBrandIdentityId, 'Support', w.emailSourceId, 'support'),
        email: 'support@brand.test',
      },
      brand(w.twitterBrandIdentityId, 'Brand', w.twitterSourceId, 'brand'),
      brand(w.secondChatBrandIdentityId, 'Dimelo Chat (2)', w.secondChatSourceId, 'dimelo_chat_2'),
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

function source(
  id: string,
  name: string,
  type: string,
  kind: SourceRecord['kind'],
  channelId: string,
  brandIdentityId: string,
): Omit<SourceSeed, 'default_category_ids'> {
  return { id, name, type, kind, channel_id: channelId, brand_identity_id: brandIdentityId };
}

function brand(id: string, name: string, sourceId: string, screenname: string): IdentitySeed {
  return { id, display_name: name, screenname, uuid: screenname, user_ids: [], source_id: sourceId };
}

function user(
  id: string,
  name: string,
  categoryIds: string[],
  identityIds: string[],
  permissions: Record<string, SourcePermission[]>,
  teamIds: string[] = [],
): UserSeed {
  return {
    id,
    firstname: name,
    lastname: 'Walkthrough',
    email: `${name.toLowerCase()}@simulator.test`,
    category_ids: categoryIds,
    team_ids: teamIds,
    identity_ids: identityIds,
    source_permissions: permissions,
    may_edit_permissions: false,
  };
}
