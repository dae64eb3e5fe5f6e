import {
  foldIntervention,
  type InterventionDelta,
  type InterventionInput,
} from './intervention-stats.evolve';

const BOT = 'bot-user';

describe('intervention folds', () => {
  const events: InterventionInput[] = [
    {
      type: 'intervention.opened',
      interventionId: 'i-1',
      threadId: 't',
      sourceId: 's',
      issuedAt: '2026-01-01T10:00:00.000Z',
      userId: BOT,
    },
    {
      type: 'intervention.closed',
      interventionId: 'i-1',
      threadId: 't',
      sourceId: 's',
      issuedAt: '2026-01-01T10:10:00.000Z',
      userId: 'agent-1',
    },
    {
      type: 'intervention.reopened',
      interventionId: 'i-1',
      threadId: 't',
      sourceId: 's',
      issuedAt: '2026-01-01T11:00:00.000Z',
      userId: null,
    },
    {
      type: 'intervention.closed',
      interventionId: 'i-1',
      threadId: 't',
      sourceId: 's',
      issuedAt: '2026-01-01T11:30:00.000Z',
      userId: BOT,
    },
  ];

  it('should keep who opened first and who closed last, and count closes and reopens, whatever the order', () => {
    for (const order of [events, [...events].reverse()]) {
      const deltas = new Map<string, InterventionDelta>();
      order.forEach((event) => foldIntervention(deltas, event, BOT));
      expect(deltas.get('i-1')).toMatchObject({
        openedAt: '2026-01-01T10:00:00.000Z',
        openedBy: 'bot',
        closedAt: '2026-01-01T11:30:00.000Z',
        closedBy: 'bot',
        closes: 2,
        reopens: 1,
      });
    }
  });

  it('should call every actor an agent when the bot user is not configured, and unknown without a user', () => {
    const deltas = new Map<string, InterventionDelta>();
    foldIntervention(deltas, events[0], null);
    foldIntervention(deltas, { ...events[1], userId: null }, null);
    expect(deltas.get('i-1')).toMatchObject({ openedBy: 'agent', closedBy: 'unknown' });
  });
});
