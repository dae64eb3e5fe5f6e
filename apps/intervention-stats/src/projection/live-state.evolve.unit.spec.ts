import { type AvailabilityDelta, foldAvailability, isNewer } from './live-state.evolve';

const SOURCE = '5be1c0b4e20311250379c101';

function poll(at: string, agents: string[], type = 'availability.changed'): AvailabilityDelta {
  return {
    sourceId: SOURCE,
    channelId: '5be1c0b4e20311250379c001',
    availableAgents: agents.length,
    agentIds: agents,
    observedAt: at,
    eventId: `${type}:${SOURCE}:${at}`,
  };
}

describe('foldAvailability', () => {
  it('should keep the newest poll per source whatever the order', () => {
    const polls = [
      poll('2026-01-01T10:00:00.000Z', []),
      poll('2026-01-01T10:00:02.000Z', ['a', 'b']),
      poll('2026-01-01T10:00:01.000Z', ['a']),
    ];
    for (const order of [polls, [...polls].reverse(), [polls[1], polls[0], polls[2]]]) {
      const deltas = new Map<string, AvailabilityDelta>();
      order.forEach((input) => foldAvailability(deltas, input));
      expect(deltas.get(SOURCE)).toMatchObject({ availableAgents: 2, agentIds: ['a', 'b'] });
    }
  });

  it('should break a tie on time by the greater event id, as the SQL merge does', () => {
    const changed = poll('2026-01-01T10:00:00.000Z', ['a']);
    const snapshot = poll('2026-01-01T10:00:00.000Z', ['a'], 'availability.snapshot');
    expect(isNewer(snapshot, changed)).toBe(true);
    expect(isNewer(changed, snapshot)).toBe(false);
    const deltas = new Map<string, AvailabilityDelta>();
    foldAvailability(deltas, snapshot);
    foldAvailability(deltas, changed);
    expect(deltas.get(SOURCE)?.eventId).toBe(snapshot.eventId);
  });
});
