import {
  type BotDelta,
  foldBot,
  foldHandover,
  type HandoverDelta,
  type HandoverInput,
} from './thread-stats.evolve';

const T = 'thread-1';

describe('thread statistics folds', () => {
  it('should keep the reason of the earliest handover request whatever the order', () => {
    const requests = [
      {
        type: 'bot.handover_requested',
        threadId: T,
        occurredAt: '2026-01-01T10:05:00.000Z',
        language: 'fr',
        reason: 'fallbacks',
        fallback: false,
      },
      {
        type: 'bot.handover_requested',
        threadId: T,
        occurredAt: '2026-01-01T10:01:00.000Z',
        language: 'fr',
        reason: 'explicit',
        fallback: false,
      },
    ];
    for (const order of [requests, [...requests].reverse()]) {
      const deltas = new Map<string, BotDelta>();
      order.forEach((input) => foldBot(deltas, input));
      expect(deltas.get(T)).toMatchObject({
        handoverReason: 'explicit',
        firstHandoverRequestAt: '2026-01-01T10:01:00.000Z',
      });
    }
  });

  it('should count bot turns and fallbacks, and the first resolution', () => {
    const deltas = new Map<string, BotDelta>();
    foldBot(deltas, {
      type: 'bot.replied',
      threadId: T,
      occurredAt: '2026-01-01T10:00:01.000Z',
      language: 'fr',
      reason: null,
      fallback: true,
    });
    foldBot(deltas, {
      type: 'bot.resolved',
      threadId: T,
      occurredAt: '2026-01-01T10:00:05.000Z',
      language: 'fr',
      reason: null,
      fallback: false,
    });
    expect(deltas.get(T)).toMatchObject({
      botTurns: 2,
      fallbacks: 1,
      firstResolvedAt: '2026-01-01T10:00:05.000Z',
      firstBotAt: '2026-01-01T10:00:01.000Z',
    });
  });

  it('should end on the route of the latest routing event, and count bot → agent → bot cycles', () => {
    const events: HandoverInput[] = [
      {
        type: 'handover.queued',
        threadId: T,
        occurredAt: '2026-01-01T10:00:00.000Z',
        trigger: null,
        waitedMs: null,
      },
      {
        type: 'thread.handed_over',
        threadId: T,
        occurredAt: '2026-01-01T10:01:00.000Z',
        trigger: 'availability',
        waitedMs: 60_000,
      },
      {
        type: 'thread.returned_to_bot',
        threadId: T,
        occurredAt: '2026-01-01T10:30:00.000Z',
        trigger: null,
        waitedMs: null,
      },
      {
        type: 'thread.handed_over',
        threadId: T,
        occurredAt: '2026-01-01T11:00:00.000Z',
        trigger: 'bot_request',
        waitedMs: null,
      },
    ];
    for (const order of [events, [...events].reverse()]) {
      const deltas = new Map<string, HandoverDelta>();
      order.forEach((input) => foldHandover(deltas, input));
      expect(deltas.get(T)).toMatchObject({
        route: 'AGENT',
        handovers: 2,
        returnsToBot: 1,
        handoverTrigger: 'availability',
        waitedMs: 60_000,
        firstQueuedAt: '2026-01-01T10:00:00.000Z',
      });
    }
  });
});
