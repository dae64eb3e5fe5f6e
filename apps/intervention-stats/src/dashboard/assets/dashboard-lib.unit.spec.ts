import { Script, runInNewContext } from 'node:vm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files the dashboard serves, as they are. */
const DASHBOARD_LIB_SCRIPT = readFileSync(join(__dirname, 'dashboard-lib.js'), 'utf8');
const DASHBOARD_APP_SCRIPT = readFileSync(join(__dirname, 'dashboard.js'), 'utf8');
const THREAD_PAGE_SCRIPT = readFileSync(join(__dirname, 'thread.js'), 'utf8');

interface Series {
  labels: string[];
  outcomes: Record<string, number[]>;
  containment: Array<number | null>;
  conversations: number[];
}

interface Filters {
  range: string;
  from: string | null;
  to: string | null;
  source: string | null;
  language: string | null;
}

interface Names {
  sources: Record<string, string>;
  categories: Record<string, string>;
}

interface DashboardLib {
  OUTCOMES: Array<{ key: string }>;
  instant(value: unknown): string;
  parseFilters(search: string): Filters;
  filtersSearch(filters: Filters): string;
  period(filters: Filters, now: number): { first: string; last: string };
  apiQuery(filters: Filters, now: number): string;
  timeseriesQuery(filters: Filters, now: number): string;
  timeseriesSeries(answer: unknown): {
    resolution: string;
    labels: string[];
    waiting_threads: Array<number | null>;
    available_agents: Array<number | null>;
  };
  nameOf(names: Names, kind: 'sources' | 'categories', id: string): string;
  nameLookup(answer: unknown): Names;
  namesStatus(answer: unknown): string;
  describeFilters(filters: Filters, now: number, names: Names): string;
  liveQuery(filters: Filters): string;
  ignoredFilters(applies: string[], filters: Filters): string[];
  threadFacts(thread: unknown, names: Names): Array<{ label: string; text: string; title?: string }>;
  timelineRows(
    timeline: unknown[],
    names: Names,
  ): Array<{
    eventId: string;
    at: string;
    type: string;
    details: Array<{ name: string; text: string; title?: string }>;
  }>;
  rate(value: unknown): string;
  duration(ms: unknown): string;
  pick(object: unknown, path: string): unknown;
  dailySeries(days: unknown[], from: string, to: string): Series;
  emergencyView(emergency: unknown): { active: boolean; title: string; detail: string; buttonLabel: string };
  confirmText(next: boolean, scope: unknown): string;
  auditLine(entry: unknown): string;
  failureRows(answer: unknown): {
    counts: Array<{ app: string; text: string; error: boolean }>;
    rows: Array<{ app: string; kind: string; what: string; thread: string; reason: string; detail: string }>;
  };
}

/** The very text the browser runs, in a context of its own (no DOM: the lib needs none). */
function loadLib(): DashboardLib {
  const context: { HandoverDashboard?: DashboardLib } = {};
  runInNewContext(DASHBOARD_LIB_SCRIPT, context);
  return context.HandoverDashboard!;
}

const lib = loadLib();
/** Objects and arrays of the script's realm, copied into this one for toEqual. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('dashboard-lib.js', () => {
  it('should format rates and durations', () => {
    expect([lib.rate(0.625), lib.rate(0), lib.rate(1), lib.rate(null)]).toEqual([
      '62.5%',
      '0.0%',
      '100.0%',
      '—',
    ]);
    expect(
      [850, 12_300, 125_000, 120_000, 7_260_000, 86_400_000, null, -5].map((ms) => lib.duration(ms)),
    ).toEqual(['850 ms', '12.3 s', '2 min 5 s', '2 min', '2 h 1 min', '24 h', '—', '0 ms']);
    expect(lib.pick({ time_to_handover_ms: { p50: 812 } }, 'time_to_handover_ms.p50')).toBe(812);
    expect(lib.pick({ time_to_handover_ms: null }, 'time_to_handover_ms.p50')).toBeNull();
  });

  it('should sum the daily rows per UTC day, with every day of the period and gaps at zero', () => {
    const row = (day: string, resolved: number, handedOver: number, waiting: number) => ({
      day,
      conversations: resolved + handedOver + waiting,
      resolved_by_bot: resolved,
      handed_over: handedOver,
      waiting,
      with_bot: 0,
    });
    const series = plain(
      lib.dailySeries(
        [row('2026-11-20', 3, 1, 0), row('2026-11-20', 1, 0, 0), row('2026-11-22', 0, 1, 1)],
        '2026-11-20T08:00:00.000Z',
        '2026-11-23T00:00:00.000Z',
      ),
    );
    expect(series.labels).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    expect(series.outcomes).toEqual({
      resolved_by_bot: [4, 0, 0],
      handed_over: [1, 0, 1],
      waiting: [0, 0, 1],
      with_bot: [0, 0, 0],
    });
    expect(series.containment).toEqual([0.8, null, 0]);
    expect(series.conversations).toEqual([5, 0, 2]);
  });

  it('should keep a day outside the period rather than drop its figures', () => {
    const series = plain(
      lib.dailySeries(
        [{ day: '2026-11-01', conversations: 1, resolved_by_bot: 1 }],
        '2026-11-20T00:00:00.000Z',
        '2026-11-20T12:00:00.000Z',
      ),
    );
    expect(series.labels).toEqual(['2026-11-01', '2026-11-20']);
    expect(series.outcomes.resolved_by_bot).toEqual([1, 0]);
  });

  it('should word the emergency state, its switch and the confirmation', () => {
    expect(plain(lib.emergencyView({ active: false, current: null, history: [] }))).toMatchObject({
      active: false,
      buttonLabel: 'Switch the emergency ON',
      detail: 'Never switched on: the bot answers every source.',
    });
    const on = lib.emergencyView({
      active: true,
      current: {
        active: true,
        source_ids: null,
        reason: 'bot outage',
        actor: 'dashboard',
        switched_at: '2026-11-24T10:00:00.000Z',
        threads_in_scope: 4,
      },
      history: [],
    });
    expect(on.buttonLabel).toBe('Switch the emergency OFF');
    expect(on.detail).toBe(
      'On for all sources since 2026-11-24 10:00:00 UTC, by dashboard: bot outage (4 threads moved to agents)',
    );
    expect(lib.confirmText(true, 'all')).toMatch(/^Switch the emergency handover ON for all sources\?/);
    expect(lib.confirmText(false, ['5be1c0b4e20311250379c101'])).toBe(
      'Switch the emergency handover OFF for source 5be1c0b4e20311250379c101? The bot answers again.',
    );
  });

  it('should say who switched, what, when, and what became of it, in the audit trail', () => {
    const entry = {
      requested_at: '2026-11-24T10:00:00.000Z',
      supervisor: 'alice',
      active: true,
      source_ids: null,
      reason: 'bot outage',
      outcome: 'accepted',
      detail: null,
      applied_at: '2026-11-24T10:00:01.000Z',
    };
    expect(lib.auditLine(entry)).toBe(
      '2026-11-24 10:00:00 UTC: alice switched ON for all sources (bot outage) — accepted by the gateway, ' +
        'applied by handover 2026-11-24 10:00:01 UTC',
    );
    expect(lib.auditLine({ ...entry, applied_at: null })).toMatch(/not applied by handover yet$/);
    expect(
      lib.auditLine({ ...entry, active: false, outcome: 'failed', detail: 'The gateway refused the switch' }),
    ).toMatch(/alice switched OFF .* — not made \(The gateway refused the switch\)$/);
  });

  it('should write every instant in one format, in UTC, whatever the input offset', () => {
    expect(
      [
        '2026-05-12T14:03:07.123Z',
        '2026-05-12T16:03:07+02:00',
        Date.UTC(2026, 0, 2, 3, 4, 5),
        null,
        'soon',
      ].map((value) => lib.instant(value)),
    ).toEqual(['2026-05-12 14:03:07 UTC', '2026-05-12 14:03:07 UTC', '2026-01-02 03:04:05 UTC', '—', '—']);
  });

  describe('filters', () => {
    const NOW = Date.parse('2026-05-12T14:03:07Z');
    const none = { range: '30d', from: null, to: null, source: null, language: null };

    it('should read the filters from the URL, dropping what the API would refuse', () => {
      expect(plain(lib.parseFilters(''))).toEqual(none);
      expect(plain(lib.parseFilters('?range=7d&source_id=5be1c0b4e20311250379c101&language=fr'))).toEqual({
        ...none,
        range: '7d',
        source: '5be1c0b4e20311250379c101',
        language: 'fr',
      });
      expect(plain(lib.parseFilters('?range=custom&from=2026-05-10&to=2026-05-01'))).toEqual({
        ...none,
        range: 'custom',
        from: '2026-05-01',
        to: '2026-05-10',
      });
      expect(
        plain(
          lib.parseFilters('?range=custom&from=2026-02-30&to=2026-05-01&source_id=a%20b&language=French'),
        ),
      ).toEqual(none);
      expect(plain(lib.parseFilters('?range=year&language=%E0%A4%A'))).toEqual(none);
    });

    it('should write them back into the same URL, the default view being the bare page', () => {
      for (const search of [
        '',
        '?range=today',
        '?range=custom&from=2026-05-01&to=2026-05-10&source_id=s1&language=fr',
      ]) {
        expect(lib.filtersSearch(lib.parseFilters(search))).toBe(search);
      }
    });

    it('should ask the API for whole UTC days, the last one included, as the period says', () => {
      const query = (search: string): string => lib.apiQuery(lib.parseFilters(search), NOW);

      expect(query('?range=today')).toBe('from=2026-05-12&to=2026-05-13');
      expect(query('?range=7d&source_id=s1')).toBe('from=2026-05-06&to=2026-05-13&source_id=s1');
      expect(query('')).toBe('from=2026-04-13&to=2026-05-13');
      expect(query('?range=custom&from=2026-05-01&to=2026-05-01&language=pt-BR')).toBe(
        'from=2026-05-01&to=2026-05-02&language=pt-BR',
      );
      expect(lib.describeFilters(lib.parseFilters('?range=7d&source_id=s1'), NOW, lib.nameLookup(null))).toBe(
        '2026-05-06 → 2026-05-12 (UTC days) · source s1 · all languages',
      );
    });

    it('should ask for the time series up to the current minute, per minute over one day at most', () => {
      const query = (search: string): string => lib.timeseriesQuery(lib.parseFilters(search), NOW);

      expect(query('?range=today&language=fr')).toBe(
        'from=2026-05-12&to=2026-05-12T14%3A04%3A00Z&resolution=minute&language=fr',
      );
      expect(query('?range=7d&source_id=s1')).toBe(
        'from=2026-05-06&to=2026-05-12T14%3A04%3A00Z&resolution=day&source_id=s1',
      );
      expect(query('?range=custom&from=2026-05-01&to=2026-05-01')).toBe(
        'from=2026-05-01&to=2026-05-02&resolution=minute',
      );
      expect(query('?range=custom&from=2026-06-01&to=2026-06-02')).toBe(
        'from=2026-06-01&to=2026-06-03&resolution=day',
      );
    });

    it('should label the points by UTC minute or day, an unknown availability left as a gap', () => {
      const point = (at: string, agents: number | null) => ({
        at,
        waiting_threads: 1,
        available_agents: agents,
        handover_requests: 0,
        bot_replies: 2,
      });
      const minutes = plain(
        lib.timeseriesSeries({
          resolution: 'minute',
          points: [point('2026-05-12T14:02:00.000Z', null), point('2026-05-12T14:03:00.000Z', 3)],
        }),
      );

      expect(minutes).toMatchObject({
        resolution: 'minute',
        labels: ['2026-05-12 14:02', '2026-05-12 14:03'],
        waiting_threads: [1, 1],
        available_agents: [null, 3],
      });
      expect(
        plain(lib.timeseriesSeries({ resolution: 'day', points: [point('2026-05-12T00:00:00.000Z', 0)] }))
          .labels,
      ).toEqual(['2026-05-12']);
    });

    it("should ask for now's figures of the source and language, and tell which active filters a panel does not apply", () => {
      const filters = lib.parseFilters('?range=7d&source_id=s1&language=fr');

      expect(lib.liveQuery(filters)).toBe('source_id=s1&language=fr');
      expect(lib.liveQuery(lib.parseFilters('?range=7d'))).toBe('');
      expect(plain(lib.ignoredFilters(['source'], filters))).toEqual(['language']);
      expect(plain(lib.ignoredFilters(['range', 'source', 'language'], filters))).toEqual([]);
      expect(plain(lib.ignoredFilters([''], lib.parseFilters('?range=7d')))).toEqual([]);
    });
  });

  describe('names', () => {
    const answer = {
      configured: true,
      sources: [{ id: 's1', name: 'Chat' }],
      categories: [{ id: 'c1', name: 'BOT' }],
      refreshed_at: '2026-05-12T14:00:00.000Z',
      problem: null,
    };

    it("should show a name when RCED gave one, else the id (even one named like Object's own keys)", () => {
      const names = lib.nameLookup(answer);

      expect(lib.nameOf(names, 'sources', 's1')).toBe('Chat');
      expect(lib.nameOf(names, 'sources', 's2')).toBe('s2');
      expect(lib.nameOf(names, 'categories', 'constructor')).toBe('constructor');
      expect(lib.nameOf(lib.nameLookup(null), 'categories', 'c1')).toBe('c1');
    });

    it('should say where the names come from, and when ids are shown instead', () => {
      expect(lib.namesStatus(answer)).toBe(
        'Names from RCED as of 2026-05-12 14:00:00 UTC; hover a name for its id.',
      );
      expect(lib.namesStatus({ ...answer, problem: 'Engage GET /categories failed: timeout' })).toBe(
        'RCED names as of 2026-05-12 14:00:00 UTC: the latest fetch failed (Engage GET /categories failed: timeout).',
      );
      expect(lib.namesStatus({ configured: false })).toMatch(
        /^Sources and categories are shown by id: set ENGAGE_BASE_URL/,
      );
    });
  });

  describe('the timeline page', () => {
    const names = { sources: { s1: 'Chat' }, categories: { c2: 'AGENT' } };

    it("should word a conversation's statistics, its source by name with the id on hover", () => {
      const facts = plain(
        lib.threadFacts(
          {
            source_id: 's1',
            language: 'fr',
            outcome: 'handed_over',
            route: 'AGENT',
            first_customer_at: '2026-05-12T14:00:00.000Z',
            first_bot_at: '2026-05-12T14:00:01.250Z',
            time_to_first_bot_ms: '1250.000',
            first_handed_over_at: '2026-05-12T14:01:00.000Z',
            time_to_handover_ms: '60000',
            handover_trigger: 'bot',
            waited_ms: '0',
            customer_messages: 2,
            bot_turns: 1,
            fallbacks: 0,
            handovers: 1,
            returns_to_bot: 0,
            interventions_closed: 0,
            interventions_reopened: 0,
          },
          names,
        ),
      );

      expect(facts[0]).toEqual({ label: 'Source', text: 'Chat', title: 'RCED source id s1' });
      expect(facts.map((fact) => `${fact.label}: ${fact.text}`)).toEqual(
        expect.arrayContaining([
          'Outcome: Handed over',
          'Now: AGENT (with agents)',
          'First bot reply: 2026-05-12 14:00:01 UTC (after 1.3 s)',
          'Handed over: 2026-05-12 14:01:00 UTC (after 1 min), bot',
          'Queued (nobody free): —',
        ]),
      );
      expect(lib.threadFacts(null, names)).toHaveLength(0);
    });

    it('should list the events with their details, categories by name and ids on hover', () => {
      const rows = plain(
        lib.timelineRows(
          [
            {
              at: '2026-05-12T14:01:00.000Z',
              topic: 'handover.events.v1',
              type: 'thread.handed_over',
              event_id: 'e1',
              detail: { trigger: 'bot', reason: null, category_ids: ['c2', 'c9'], waited_ms: 1500 },
            },
          ],
          names,
        ),
      );

      expect(rows).toEqual([
        {
          eventId: 'e1',
          at: '2026-05-12 14:01:00 UTC',
          topic: 'handover.events.v1',
          type: 'thread.handed_over',
          details: [
            { name: 'trigger', text: 'bot' },
            { name: 'categories', text: 'AGENT, c9', title: 'RCED category ids c2, c9' },
            { name: 'waited', text: '1.5 s' },
          ],
        },
      ]);
    });
  });

  it('should ship a page script that parses', () => {
    expect(() => new Script(DASHBOARD_APP_SCRIPT, { filename: 'dashboard.js' })).not.toThrow();
    expect(() => new Script(THREAD_PAGE_SCRIPT, { filename: 'thread.js' })).not.toThrow();
  });

  describe('failureRows', () => {
    const effect = {
      id: 'reply:cnt/7f3a',
      kind: 'post_reply',
      threadId: 'thread-42',
      lastError: 'timeout: Engage POST /1.0/contents timed out',
      updatedAt: '2026-12-06T16:43:11.000Z',
    };
    const parked = {
      key: 'handover/engage.events.v1/3/1207',
      topic: 'engage.events.v1',
      eventType: 'content.imported',
      threadId: null,
      reason: 'Invalid event: ev-1 breaks the contract',
      parkedAt: '2026-12-06T17:00:00.000Z',
    };

    it('should count each app, newest failure first, each linking to its detail on the dashboard', () => {
      const view = plain(
        lib.failureRows({
          configured: true,
          apps: [
            {
              app: 'bot-responder',
              ok: true,
              summary: {
                effects: { failed: 1, latestFailed: [effect] },
                parked: { open: 0, latestOpen: [] },
              },
            },
            {
              app: 'handover',
              ok: true,
              summary: {
                effects: { failed: 0, latestFailed: [] },
                parked: { open: 2, latestOpen: [parked] },
              },
            },
          ],
        }),
      );

      expect(view.counts.map((count) => count.text)).toEqual([
        'bot-responder: 1 failed call, 0 parked records',
        'handover: 0 failed calls, 2 parked records',
      ]);
      expect(view.rows).toEqual([
        expect.objectContaining({
          app: 'handover',
          kind: 'parked',
          what: 'content.imported',
          thread: '—',
          detail: 'dashboard/failures/handover/parked/handover%2Fengage.events.v1%2F3%2F1207',
        }),
        expect.objectContaining({
          app: 'bot-responder',
          kind: 'effect',
          what: 'post_reply',
          thread: 'thread-42',
          reason: 'timeout: Engage POST /1.0/contents timed out',
          detail: 'dashboard/failures/bot-responder/effects/reply%3Acnt%2F7f3a',
        }),
      ]);
    });

    it('should say which app could not be read and still show the others', () => {
      const view = plain(
        lib.failureRows({
          configured: true,
          apps: [
            { app: 'bot-responder', ok: false, message: 'http://bot-responder:9001 refused OPS_API_TOKEN' },
            {
              app: 'handover',
              ok: true,
              summary: { effects: { failed: 0, latestFailed: [] }, parked: { open: 0, latestOpen: [] } },
            },
          ],
        }),
      );

      expect(view.counts).toEqual([
        expect.objectContaining({
          error: true,
          text: 'bot-responder: not read (http://bot-responder:9001 refused OPS_API_TOKEN)',
        }),
        expect.objectContaining({ error: false, text: 'handover: 0 failed calls, 0 parked records' }),
      ]);
      expect(view.rows).toEqual([]);
    });
  });
});
