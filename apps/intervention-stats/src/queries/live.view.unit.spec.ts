import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { LiveQueryDto } from './live-query.dto';
import { type EmergencySwitchRow } from './live.repository';
import { liveView } from './live.view';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const DAY = 86_400_000;

function switchRow(at: string, active: boolean): EmergencySwitchRow {
  return {
    event_id: `emergency.${active ? 'activated' : 'deactivated'}:${at}`,
    command_id: at,
    active,
    source_ids: null,
    reason: 'bot outage',
    actor: 'dashboard',
    occurred_at: new Date(at),
    threads_in_scope: active ? 3 : 0,
  };
}

describe('liveView', () => {
  it('should count the live threads per route, leaving closed ones out, and give each waiting time', () => {
    const view = liveView(
      {
        routes: [
          { route: 'AGENT', threads: 2 },
          { route: 'BOT', threads: 5 },
          { route: 'CLOSED', threads: 4 },
          { route: 'WAITING', threads: 1 },
        ],
        waiting: [
          {
            thread_id: 't-1',
            source_id: 's-1',
            language: 'fr',
            reason: 'explicit',
            waiting_since: new Date('2026-11-24T09:58:30.000Z'),
          },
        ],
        availability: [],
        emergency: [],
      },
      NOW,
      DAY,
    );
    expect(view.threads).toEqual({
      since: '2026-11-23T10:00:00.000Z',
      by_route: { BOT: 5, WAITING: 1, AGENT: 2 },
      total: 8,
      waiting: [
        {
          thread_id: 't-1',
          source_id: 's-1',
          language: 'fr',
          reason: 'explicit',
          waiting_since: '2026-11-24T09:58:30.000Z',
          waiting_ms: 90_000,
        },
      ],
    });
    expect(view.emergency).toEqual({ active: false, current: null, history: [] });
  });

  it('should give each source its available agents and how old the figure is, never negative', () => {
    const view = liveView(
      {
        routes: [],
        waiting: [],
        availability: [
          {
            source_id: 's-1',
            channel_id: 'c-1',
            available_agents: 2,
            agent_ids: ['a', 'b'],
            observed_at: new Date('2026-11-24T09:59:58.000Z'),
          },
          {
            source_id: 's-2',
            channel_id: 'c-2',
            available_agents: 0,
            agent_ids: [],
            // The poller's clock a little ahead of ours.
            observed_at: new Date('2026-11-24T10:00:01.000Z'),
          },
        ],
        emergency: [],
      },
      NOW,
      DAY,
    );
    expect(
      view.availability.map(({ source_id, available_agents, age_ms }) => [
        source_id,
        available_agents,
        age_ms,
      ]),
    ).toEqual([
      ['s-1', 2, 2_000],
      ['s-2', 0, 0],
    ]);
    expect(view.threads.by_route).toEqual({ BOT: 0, WAITING: 0, AGENT: 0 });
  });

  it('should take the newest switch as the state in force, the others as history', () => {
    const view = liveView(
      {
        routes: [],
        waiting: [],
        availability: [],
        emergency: [
          switchRow('2026-11-24T09:30:00.000Z', true),
          switchRow('2026-11-24T09:00:00.000Z', false),
        ],
      },
      NOW,
      DAY,
    );
    expect(view.emergency.active).toBe(true);
    expect(view.emergency.current).toEqual({
      active: true,
      source_ids: null,
      reason: 'bot outage',
      actor: 'dashboard',
      switched_at: '2026-11-24T09:30:00.000Z',
      threads_in_scope: 3,
    });
    expect(view.emergency.history).toHaveLength(1);
  });
});

describe('LiveQueryDto', () => {
  const problems = (query: Record<string, string>): string[] =>
    validateSync(plainToInstance(LiveQueryDto, query)).flatMap((error) =>
      Object.values(error.constraints ?? {}),
    );

  it('should take a window in milliseconds from the query string', () => {
    expect(plainToInstance(LiveQueryDto, { window_ms: '3600000' }).window_ms).toBe(3_600_000);
    expect(problems({ window_ms: '3600000' })).toEqual([]);
    expect(problems({})).toEqual([]);
  });

  it.each([
    ['59999', /at least 60000/],
    [String(32 * DAY), /at most/],
    ['90000.5', /integer/],
    ['soon', /integer/],
  ])('should refuse window_ms=%s', (value, expected) => {
    expect(problems({ window_ms: value }).join('; ')).toMatch(expected);
  });
});
