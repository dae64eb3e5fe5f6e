import { type EngageUser } from '@handover/engage-client';
import { agentPermissions, agentsFilterKey } from './agent-permissions';

function user(id: string, enabled = true): EngageUser {
  return {
    id,
    firstname: id,
    lastname: 'Agent',
    nickname: null,
    email: `${id}@example.com`,
    enabled,
    category_ids: [],
    team_ids: [],
    identity_ids: [],
    spoken_languages: [],
  };
}

describe(agentPermissions.name, () => {
  it('should merge the category and the team users, remembering why each may take threads', () => {
    expect(agentPermissions([user('b'), user('a')], [user('a'), user('c')])).toEqual([
      { userId: 'a', viaCategory: true, viaTeam: true },
      { userId: 'b', viaCategory: true, viaTeam: false },
      { userId: 'c', viaCategory: false, viaTeam: true },
    ]);
  });

  it('should leave disabled users out', () => {
    expect(agentPermissions([user('a', false)], [])).toEqual([]);
  });
});

describe(agentsFilterKey.name, () => {
  it('should name the configured category and team', () => {
    expect(agentsFilterKey({ categoryId: 'cat' })).toBe('category:cat');
    expect(agentsFilterKey({ categoryId: 'cat', teamId: 'team' })).toBe('category:cat team:team');
  });
});
