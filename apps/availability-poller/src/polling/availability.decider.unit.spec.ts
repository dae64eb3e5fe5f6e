import { type EngageAgentChannelStatus, type EngageAgentStatus } from '@handover/engage-client';
import {
  type AvailabilityFacts,
  type PublishedAvailability,
  availableAgents,
  decideAvailability,
} from './availability.decider';

const CHAT = 'channel-chat';
const EMAIL = 'channel-email';
const SOURCE = 'source-chat';
const NOW = new Date('2026-03-02T10:00:00.000Z');
const POLICY = { snapshotEveryMs: 300_000 };
const ALLOWED = new Set(['agent-a', 'agent-b']);

/** An agent connected on the given channels (by default: available on the chat channel, not full). */
function agent(agentId: string, ...channels: Array<Partial<EngageAgentChannelStatus>>): EngageAgentStatus {
  return {
    agent_id: agentId,
    channels: (channels.length > 0 ? channels : [{}]).map((channel) => ({
      id: CHAT,
      name: 'Chat',
      status: 'available',
      busyness: 'ok',
      ...channel,
    })),
    custom_status: null,
  };
}

function published(
  agentIds: string[],
  overrides: Partial<PublishedAvailability> = {},
): PublishedAvailability {
  return {
    sourceId: SOURCE,
    channelId: CHAT,
    agentIds,
    publishedAt: '2026-03-02T09:59:00.000Z',
    snapshotAt: '2026-03-02T09:58:00.000Z',
    ...overrides,
  };
}

function facts(statuses: EngageAgentStatus[], last?: PublishedAvailability): AvailabilityFacts {
  return {
    statuses,
    allowedAgentIds: ALLOWED,
    sources: [{ sourceId: SOURCE, channelId: CHAT }],
    lastPublished: new Map(last ? [[SOURCE, last]] : []),
  };
}

describe('availability decider', () => {
  describe(availableAgents.name, () => {
    it('should count an allowed agent available on the channel and not full', () => {
      expect(availableAgents([agent('agent-a', { busyness: 'busy' })], ALLOWED, CHAT)).toEqual(['agent-a']);
    });

    it('should leave out an agent whose channel busyness is full', () => {
      expect(availableAgents([agent('agent-a', { busyness: 'full' })], ALLOWED, CHAT)).toEqual([]);
    });

    it('should leave out an agent who is away on the channel, or connected without it', () => {
      const statuses = [agent('agent-a', { status: 'away' }), agent('agent-b', { status: null })];
      expect(availableAgents(statuses, ALLOWED, CHAT)).toEqual([]);
    });

    it('should leave out an agent who is not in the agent cache', () => {
      expect(availableAgents([agent('agent-x')], ALLOWED, CHAT)).toEqual([]);
    });

    it('should leave out an agent available only on another channel', () => {
      const statuses = [agent('agent-a', { id: EMAIL }), agent('agent-b', { id: EMAIL }, { status: 'away' })];
      expect(availableAgents(statuses, ALLOWED, CHAT)).toEqual([]);
      expect(availableAgents(statuses, ALLOWED, EMAIL)).toEqual(['agent-a', 'agent-b']);
    });

    it('should sort the ids whatever the order of GET /status', () => {
      expect(availableAgents([agent('agent-b'), agent('agent-a')], ALLOWED, CHAT)).toEqual([
        'agent-a',
        'agent-b',
      ]);
    });
  });

  describe(decideAvailability.name, () => {
    it('should publish a change when an agent becomes available', () => {
      const decision = decideAvailability(facts([agent('agent-a')], published([])), POLICY, NOW);

      expect(decision.events).toEqual([
        {
          type: 'availability.changed',
          event_id: `availability.changed:${SOURCE}:2026-03-02T10:00:00.000Z`,
          source_id: SOURCE,
          channel_id: CHAT,
          available_agents: 1,
          agent_ids: ['agent-a'],
          occurred_at: '2026-03-02T10:00:00.000Z',
        },
      ]);
      expect(decision.published).toEqual([
        published(['agent-a'], {
          publishedAt: '2026-03-02T10:00:00.000Z',
          snapshotAt: '2026-03-02T09:58:00.000Z',
        }),
      ]);
    });

    it('should publish nothing when the available agents are the last published ones', () => {
      const decision = decideAvailability(facts([agent('agent-a')], published(['agent-a'])), POLICY, NOW);

      expect(decision.events).toEqual([]);
      expect(decision.published).toEqual([]);
      expect(decision.available.get(SOURCE)).toEqual(['agent-a']);
    });

    it('should publish a change to zero when the last available agent goes full', () => {
      const decision = decideAvailability(
        facts([agent('agent-a', { busyness: 'full' })], published(['agent-a'])),
        POLICY,
        NOW,
      );

      expect(decision.events).toMatchObject([
        { type: 'availability.changed', available_agents: 0, agent_ids: [] },
      ]);
    });

    it('should publish a change when one agent replaces another, the count staying the same', () => {
      const decision = decideAvailability(facts([agent('agent-b')], published(['agent-a'])), POLICY, NOW);

      expect(decision.events).toMatchObject([
        { type: 'availability.changed', available_agents: 1, agent_ids: ['agent-b'] },
      ]);
    });

    it('should start a source never published with a snapshot, not with a change', () => {
      const decision = decideAvailability(facts([agent('agent-a')]), POLICY, NOW);

      expect(decision.events).toMatchObject([{ type: 'availability.snapshot', agent_ids: ['agent-a'] }]);
      expect(decision.published).toMatchObject([{ snapshotAt: NOW.toISOString() }]);
    });

    it('should publish a snapshot once AVAILABILITY_SNAPSHOT_MS has passed, changed or not', () => {
      const last = published(['agent-a'], { snapshotAt: '2026-03-02T09:55:00.000Z' });

      const due = decideAvailability(facts([agent('agent-a')], last), POLICY, NOW);
      const notYet = decideAvailability(facts([agent('agent-a')], last), POLICY, new Date(NOW.getTime() - 1));

      expect(due.events).toMatchObject([
        {
          type: 'availability.snapshot',
          event_id: `availability.snapshot:${SOURCE}:2026-03-02T10:00:00.000Z`,
          available_agents: 1,
        },
      ]);
      expect(notYet.events).toEqual([]);
    });

    it('should publish the change before the snapshot when both fall on one poll', () => {
      const last = published([], { snapshotAt: '2026-03-02T09:00:00.000Z' });

      const decision = decideAvailability(facts([agent('agent-a')], last), POLICY, NOW);

      expect(decision.events.map((event) => event.type)).toEqual([
        'availability.changed',
        'availability.snapshot',
      ]);
      expect(decision.published).toMatchObject([{ agentIds: ['agent-a'], snapshotAt: NOW.toISOString() }]);
    });

    it('should publish a change when the source moved to another channel', () => {
      const source = { sourceId: SOURCE, channelId: EMAIL };
      const decision = decideAvailability({ ...facts([], published([])), sources: [source] }, POLICY, NOW);

      expect(decision.events).toMatchObject([{ type: 'availability.changed', channel_id: EMAIL }]);
    });

    it('should decide each source on its own channel', () => {
      const other = { sourceId: 'source-email', channelId: EMAIL };
      const decision = decideAvailability(
        {
          ...facts([agent('agent-a'), agent('agent-b', { id: EMAIL })], published([])),
          sources: [{ sourceId: SOURCE, channelId: CHAT }, other],
          lastPublished: new Map([
            [SOURCE, published([])],
            ['source-email', published(['agent-b'], { sourceId: 'source-email', channelId: EMAIL })],
          ]),
        },
        POLICY,
        NOW,
      );

      expect(decision.events).toMatchObject([{ source_id: SOURCE, agent_ids: ['agent-a'] }]);
      expect(decision.available.get('source-email')).toEqual(['agent-b']);
    });
  });
});
