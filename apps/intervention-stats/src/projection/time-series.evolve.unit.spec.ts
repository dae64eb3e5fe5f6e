import { type AvailabilityDelta } from './live-state.evolve';
import {
  type AvailabilitySample,
  botContribution,
  bucketOf,
  foldAvailabilitySample,
  foldSeries,
  NO_ROUTE,
  perResolution,
  type SeriesEvent,
  type SeriesRow,
  waitingChanges,
} from './time-series.evolve';

const WEB = 'web-source';
const at = (time: string): string => `2026-03-02T${time}.000Z`;
const routing = (
  type: string,
  time: string,
  sourceId: string | null = WEB,
  language = 'fr',
): SeriesEvent => ({
  type,
  occurredAt: at(time),
  sourceId,
  language: type === 'handover.queued' ? language : null,
});

/** The series rows a sequence of batches writes, as the SQL merge sums them. */
function rowsOf(batches: ReadonlyArray<readonly SeriesEvent[]>): Record<string, SeriesRow[]> {
  const merged = perResolution<SeriesRow>();
  for (const batch of batches) {
    const deltas = perResolution<SeriesRow>();
    batch.forEach((event) => {
      const contribution = botContribution(event);
      if (contribution !== null) {
        foldSeries(deltas, contribution);
      }
    });
    for (const resolution of ['minute', 'day'] as const) {
      for (const [key, row] of deltas[resolution]) {
        const stored = merged[resolution].get(key);
        merged[resolution].set(
          key,
          stored === undefined
            ? row
            : {
                ...stored,
                handoverRequests: stored.handoverRequests + row.handoverRequests,
                botReplies: stored.botReplies + row.botReplies,
              },
        );
      }
    }
  }
  const sorted = (rows: Map<string, SeriesRow>): SeriesRow[] =>
    [...rows.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { minute: sorted(merged.minute), day: sorted(merged.day) };
}

describe('time series folds', () => {
  describe('bucketOf', () => {
    it('should place an instant on its UTC minute and its UTC day', () => {
      expect(bucketOf('2026-03-02T23:59:59.999Z', 'minute')).toBe('2026-03-02T23:59:00.000Z');
      expect(bucketOf('2026-03-02T23:59:59.999Z', 'day')).toBe('2026-03-02');
    });
  });

  describe('botContribution', () => {
    it('should count a handover request, a reply and a resolution, and nothing else', () => {
      const bot = (type: string): SeriesEvent => ({
        type,
        occurredAt: at('10:00:00'),
        sourceId: WEB,
        language: 'fr',
      });
      expect(botContribution(bot('bot.handover_requested'))).toMatchObject({
        handoverRequests: 1,
        botReplies: 0,
      });
      expect(botContribution(bot('bot.replied'))).toMatchObject({ handoverRequests: 0, botReplies: 1 });
      expect(botContribution(bot('bot.resolved'))).toMatchObject({ handoverRequests: 0, botReplies: 1 });
      expect(botContribution(bot('bot.effect_failed'))).toBeNull();
    });
  });

  describe('foldSeries', () => {
    it('should sum per minute, day, source and language, whatever the batching', () => {
      const events: SeriesEvent[] = [
        { type: 'bot.replied', occurredAt: at('10:00:05'), sourceId: WEB, language: 'fr' },
        { type: 'bot.handover_requested', occurredAt: at('10:00:50'), sourceId: WEB, language: 'fr' },
        { type: 'bot.replied', occurredAt: at('10:01:00'), sourceId: null, language: 'en' },
        { type: 'bot.resolved', occurredAt: at('10:00:59'), sourceId: WEB, language: 'fr' },
      ];
      const together = rowsOf([events]);
      expect(rowsOf(events.map((event) => [event]))).toEqual(together);
      expect(rowsOf([[...events].reverse()])).toEqual(together);
      expect(together.minute).toEqual([
        {
          bucket: at('10:00:00'),
          sourceId: WEB,
          language: 'fr',
          handoverRequests: 1,
          botReplies: 2,
          waitingChange: 0,
        },
        {
          bucket: at('10:01:00'),
          sourceId: '',
          language: 'en',
          handoverRequests: 0,
          botReplies: 1,
          waitingChange: 0,
        },
      ]);
      expect(together.day).toEqual([
        {
          bucket: '2026-03-02',
          sourceId: '',
          language: 'en',
          handoverRequests: 0,
          botReplies: 1,
          waitingChange: 0,
        },
        {
          bucket: '2026-03-02',
          sourceId: WEB,
          language: 'fr',
          handoverRequests: 1,
          botReplies: 2,
          waitingChange: 0,
        },
      ]);
    });

    it('should keep the row of a bucket whose changes cancel out, as a batch that saw one of them writes it', () => {
      const deltas = perResolution<SeriesRow>();
      const { changes } = waitingChanges(NO_ROUTE, [
        routing('handover.queued', '10:00:01'),
        routing('thread.handed_over', '10:00:30'),
      ]);
      changes.forEach((change) => foldSeries(deltas, change));
      expect([...deltas.minute.values()]).toEqual([
        {
          bucket: at('10:00:00'),
          sourceId: WEB,
          language: 'fr',
          handoverRequests: 0,
          botReplies: 0,
          waitingChange: 0,
        },
      ]);
    });
  });

  describe('waitingChanges', () => {
    it('should count a thread once from its first handover.queued until a route other than WAITING', () => {
      const { state, changes } = waitingChanges(NO_ROUTE, [
        routing('handover.requested', '10:00:00'),
        routing('handover.queued', '10:00:01'),
        routing('handover.queued', '10:00:20'),
        routing('thread.kept_with_agents', '10:00:30'),
        routing('thread.handed_over', '10:01:00'),
      ]);
      expect(changes.map((change) => [change.at, change.waitingChange])).toEqual([
        [at('10:00:01'), 1],
        [at('10:01:00'), -1],
      ]);
      expect(state).toMatchObject({ route: 'AGENT', routeAt: at('10:01:00') });
    });

    it('should give the same changes whether a thread’s events come in one batch or several', () => {
      const events = [
        routing('handover.queued', '10:00:01'),
        routing('thread.returned_to_bot', '10:02:00'),
        routing('handover.queued', '10:03:00', WEB, 'en'),
        routing('thread.closed', '10:04:00'),
      ];
      const together = waitingChanges(NO_ROUTE, events);
      let state = NO_ROUTE;
      const oneByOne = events.flatMap((event) => {
        const step = waitingChanges(state, [event]);
        state = step.state;
        return step.changes;
      });
      expect(oneByOne).toEqual(together.changes);
      expect(state).toEqual(together.state);
      expect(together.changes.map((change) => change.language)).toEqual(['fr', 'fr', 'en', 'en']);
    });

    it('should count the end of a wait under the source and language its start was counted under', () => {
      const { state } = waitingChanges(NO_ROUTE, [routing('handover.queued', '10:00:00', WEB, 'de')]);
      const { changes } = waitingChanges(state, [routing('thread.handed_over', '10:05:00', null)]);
      expect(changes).toEqual([
        {
          at: at('10:05:00'),
          sourceId: WEB,
          language: 'de',
          handoverRequests: 0,
          botReplies: 0,
          waitingChange: -1,
        },
      ]);
    });

    it('should ignore an event older than the thread’s route, as stats_thread_handover does', () => {
      const prior = { route: 'AGENT', routeAt: at('10:05:00'), waitingSourceId: null, waitingLanguage: null };
      const { state, changes } = waitingChanges(prior, [routing('handover.queued', '10:04:00')]);
      expect(changes).toEqual([]);
      expect(state).toEqual(prior);
    });
  });

  describe('foldAvailabilitySample', () => {
    const poll = (time: string, agents: number, type = 'availability.changed'): AvailabilityDelta => ({
      sourceId: WEB,
      channelId: 'channel',
      availableAgents: agents,
      agentIds: [],
      observedAt: at(time),
      eventId: `${type}:${WEB}:${at(time)}`,
    });

    it('should keep the newest poll of each minute and of each day, whatever the order', () => {
      const polls = [poll('10:00:10', 3), poll('10:00:50', 1), poll('10:01:00', 4), poll('09:59:00', 2)];
      for (const order of [polls, [...polls].reverse()]) {
        const samples = perResolution<AvailabilitySample>();
        order.forEach((input) => foldAvailabilitySample(samples, input));
        expect(
          [...samples.minute.values()].map((sample) => [sample.bucket, sample.availableAgents]).sort(),
        ).toEqual([
          [at('09:59:00'), 2],
          [at('10:00:00'), 1],
          [at('10:01:00'), 4],
        ]);
        expect([...samples.day.values()].map((sample) => [sample.bucket, sample.availableAgents])).toEqual([
          ['2026-03-02', 4],
        ]);
      }
    });
  });
});
