import { Script, runInNewContext } from 'node:vm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files the dashboard serves, as they are. */
const DASHBOARD_LIB_SCRIPT = readFileSync(join(__dirname, 'dashboard-lib.js'), 'utf8');
const DASHBOARD_APP_SCRIPT = readFileSync(join(__dirname, 'dashboard.js'), 'utf8');

interface Series {
  labels: string[];
  outcomes: Record<string, number[]>;
  containment: Array<number | null>;
  conversations: number[];
}

interface DashboardLib {
  OUTCOMES: Array<{ key: string }>;
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
    expect(on.detail).toMatch(
      /^On for all sources since .+, by dashboard: bot outage \(4 threads moved to agents\)$/,
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
    expect(lib.auditLine(entry)).toMatch(
      /^.+: alice switched ON for all sources \(bot outage\) — accepted by the gateway, applied by handover .+$/,
    );
    expect(lib.auditLine({ ...entry, applied_at: null })).toMatch(/not applied by handover yet$/);
    expect(
      lib.auditLine({ ...entry, active: false, outcome: 'failed', detail: 'The gateway refused the switch' }),
    ).toMatch(/alice switched OFF .* — not made \(The gateway refused the switch\)$/);
  });

  it('should ship a page script that parses', () => {
    expect(() => new Script(DASHBOARD_APP_SCRIPT, { filename: 'dashboard.js' })).not.toThrow();
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
