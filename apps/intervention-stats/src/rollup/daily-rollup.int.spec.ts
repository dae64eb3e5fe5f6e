import { openAppDataSource } from '@handover/event-runtime';
import { createTestDatabase, type TestDatabase } from '@handover/test-infra';
import { type DataSource } from 'typeorm';
import { INTERVENTION_STATS_MIGRATIONS } from '../../migrations';
import { PROJECTION_ENTITIES } from '../projection';
import { interventionGroups, summarize } from '../queries/analytics.summary';
import { recordChangedDays } from './changed-days';
import { CONVERSATION_ROLLUP, type ConversationRollupRow } from './conversation-rollup';
import { DailyRollupRefresher } from './daily-rollup.refresher';
import { INTERVENTION_ROLLUP, type InterventionRollupRow } from './intervention-rollup';
import { readRollup } from './rollup.reader';

const DAY = 86_400_000;
const START = Date.parse('2026-10-01T00:00:00Z');
const MONTH = { from: new Date(START), to: new Date(START + 3 * DAY) };

/** What the API must answer: the counts straight from thread_stats, the definition itself. */
const EXACT_SQL = `
  SELECT count(*)::int AS conversations,
         count(*) FILTER (WHERE outcome = 'resolved_by_bot')::int AS resolved_by_bot,
         count(*) FILTER (WHERE outcome = 'handed_over')::int AS handed_over,
         count(*) FILTER (WHERE outcome = 'with_bot')::int AS with_bot,
         count(*) FILTER (WHERE first_queued_at IS NOT NULL)::int AS queued,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_first_bot_ms) AS first_bot_p50,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY time_to_handover_ms) AS handover_p90
  FROM thread_stats WHERE first_customer_at >= $1 AND first_customer_at < $2
    AND ($3::text IS NULL OR source_id = $3)`;

describe('daily rollup (stats_daily, stats_day_change)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let refresher: DailyRollupRefresher;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openAppDataSource({
      url: database.url,
      schema: 'rollup_test',
      entities: PROJECTION_ENTITIES,
      migrations: INTERVENTION_STATS_MIGRATIONS,
      poolSize: 4,
    });
    refresher = new DailyRollupRefresher(dataSource, { intervalMs: 60_000 });
    for (let i = 0; i < 90; i += 1) {
      await addThread(`t${i}`, START + (i % 3) * DAY + i * 600_000, i);
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** A conversation as the projection writes it; every third handed over, every fifth queued first. */
  async function addThread(threadId: string, firstCustomerAt: number, i: number): Promise<void> {
    const at = (offsetMs: number): string => new Date(firstCustomerAt + offsetMs).toISOString();
    await dataSource.transaction(async (manager) => {
      await recordChangedDays(manager, { threadIds: [threadId], interventionIds: [], at: [at(0)] });
      await manager.query(
        `INSERT INTO stats_thread_engage (thread_id, source_id, language, first_customer_at, last_customer_at,
           customer_messages)
         VALUES ($1, $2, $3, $4, $4, 1)
         ON CONFLICT (thread_id) DO UPDATE SET first_customer_at = LEAST(stats_thread_engage.first_customer_at,
           excluded.first_customer_at)`,
        [threadId, i % 2 === 0 ? 'web' : 'messenger', i % 4 < 2 ? 'fr' : 'en', at(0)],
      );
      await manager.query(
        `INSERT INTO stats_thread_bot (thread_id, first_bot_at, bot_turns, first_resolved_at,
           first_handover_request_at, handover_reason)
         VALUES ($1, $2, 1, $3, $4, $5) ON CONFLICT (thread_id) DO NOTHING`,
        [
          threadId,
          at(300 + i * 97),
          i % 3 === 0 ? null : at(60_000),
          i % 3 === 0 ? at(30_000) : null,
          i % 3 === 0 ? (i % 2 === 0 ? 'explicit' : 'fallbacks') : null,
        ],
      );
      if (i % 3 === 0) {
        await manager.query(
          `INSERT INTO stats_thread_handover (thread_id, first_queued_at, first_handed_over_at, waited_ms, handovers,
             route, route_at)
           VALUES ($1, $2, $3, $4, 1, 'AGENT', $3) ON CONFLICT (thread_id) DO NOTHING`,
          [threadId, i % 5 === 0 ? at(31_000) : null, at(45_000 + i * 1_000), i % 5 === 0 ? 14_000 : null],
        );
      }
    });
  }

  async function exact(range: { from: Date; to: Date }, sourceId: string | null = null) {
    const [row] = await dataSource.query<Array<Record<string, number | null>>>(EXACT_SQL, [
      range.from,
      range.to,
      sourceId,
    ]);
    return row;
  }

  async function answer(range: { from: Date; to: Date }, sourceId: string | null = null) {
    return summarize(
      await readRollup<ConversationRollupRow>(dataSource, CONVERSATION_ROLLUP, range, [sourceId, null]),
    );
  }

  function expectSame(summary: ReturnType<typeof summarize>, row: Record<string, number | null>): void {
    expect({
      conversations: summary.conversations,
      resolved_by_bot: summary.outcomes.resolved_by_bot.count,
      handed_over: summary.outcomes.handed_over.count,
      with_bot: summary.outcomes.with_bot.count,
    }).toEqual({
      conversations: row.conversations,
      resolved_by_bot: row.resolved_by_bot,
      handed_over: row.handed_over,
      with_bot: row.with_bot,
    });
    // Read from histograms: within one bucket (4.4%) of percentile_cont.
    const within = (estimate: number | null, value: number | null): void =>
      value === null
        ? expect(estimate).toBeNull()
        : expect(Math.abs((estimate ?? Number.NaN) - value) / value).toBeLessThan(0.045);
    within(
      summary.time_to_first_bot_reply_ms.p50,
      row.first_bot_p50 === null ? null : Number(row.first_bot_p50),
    );
    within(summary.time_to_handover_ms.p90, row.handover_p90 === null ? null : Number(row.handover_p90));
  }

  it('answers exactly while no day is stored, all of them computed live', async () => {
    expect(await dataSource.query('SELECT count(*)::int AS n FROM stats_daily')).toEqual([{ n: 0 }]);
    expectSame(await answer(MONTH), await exact(MONTH));
    expectSame(await answer(MONTH, 'web'), await exact(MONTH, 'web'));
  });

  it('stores the settled days, then answers the same from stats_daily', async () => {
    const live = await answer(MONTH);
    expect(await refresher.refresh(0)).toEqual(['2026-10-01', '2026-10-02', '2026-10-03']);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM stats_day_change')).toEqual([{ n: 0 }]);
    expect(await dataSource.query('SELECT count(DISTINCT day)::int AS n FROM stats_daily')).toEqual([
      { n: 3 },
    ]);
    expect(await answer(MONTH)).toEqual(live);
    const partial = { from: new Date(START + 6 * 3_600_000), to: new Date(START + 2 * DAY + 3_600_000) };
    expectSame(await answer(partial), await exact(partial));
  });

  it('does not store a day still changing, and reads it live meanwhile', async () => {
    await addThread('late-1', START + DAY + 5_000, 3);
    expect(await refresher.refresh(60_000)).toEqual([]);
    expectSame(await answer(MONTH), await exact(MONTH));
    expect(await refresher.refresh(0)).toEqual(['2026-10-02']);
    expectSame(await answer(MONTH), await exact(MONTH));
  });

  it('lists both days when a thread moves to an earlier day', async () => {
    await addThread('mover', START + 2 * DAY + 7_200_000, 6);
    await refresher.refresh(0);
    await addThread('mover', START + 7_200_000, 6);
    const changed = await dataSource.query<Array<{ day: string }>>(
      'SELECT day::text AS day FROM stats_day_change ORDER BY day',
    );
    expect(changed).toEqual([{ day: '2026-10-01' }, { day: '2026-10-03' }]);
    expectSame(await answer(MONTH), await exact(MONTH));
    const thirdDay = { from: new Date(START + 2 * DAY), to: new Date(START + 3 * DAY) };
    expectSame(await answer(thirdDay), await exact(thirdDay));
  });

  it('keeps a batch committed during a refresh listed, so its day is read live, not lost', async () => {
    await refresher.refresh(0);
    const batch = dataSource.createQueryRunner();
    await batch.connect();
    await batch.startTransaction();
    try {
      await recordChangedDays(batch.manager, {
        threadIds: ['during'],
        interventionIds: [],
        at: ['2026-10-02T10:00:00Z'],
      });
      await batch.query(
        `INSERT INTO stats_thread_engage (thread_id, source_id, language, first_customer_at, last_customer_at,
           customer_messages) VALUES ('during', 'web', 'fr', '2026-10-02T10:00:00Z', '2026-10-02T10:00:00Z', 1)`,
      );
      await batch.query(
        `INSERT INTO stats_thread_bot (thread_id, first_bot_at, bot_turns, first_resolved_at)
         VALUES ('during', '2026-10-02T10:00:01Z', 1, '2026-10-02T10:01:00Z')`,
      );
      // Not committed yet: the refresh sees nothing of it (its row is not settled either way).
      expect(await refresher.refresh(0)).toEqual([]);
      await batch.commitTransaction();
    } finally {
      await batch.release();
    }
    const before = (await exact(MONTH)).conversations;
    expect((await answer(MONTH)).conversations).toBe(before);
    expect(await refresher.refresh(0)).toEqual(['2026-10-02']);
    expect((await answer(MONTH)).conversations).toBe(before);
  });

  it('groups interventions by opener and closer over stored and live days alike', async () => {
    for (let i = 0; i < 40; i += 1) {
      const openedAt = START + (i % 3) * DAY + i * 900_000;
      const closed = i % 4 !== 0;
      await dataSource.transaction(async (manager) => {
        await recordChangedDays(manager, {
          threadIds: [],
          interventionIds: [`i${i}`],
          at: [new Date(openedAt).toISOString()],
        });
        await manager.query(
          `INSERT INTO stats_intervention (intervention_id, thread_id, source_id, opened_at, opened_by, closed_at,
             closed_by, closes, reopens)
           VALUES ($1, $2, 'web', $3, $4, $5, $6, $7, $8)`,
          [
            `i${i}`,
            `t${i}`,
            new Date(openedAt).toISOString(),
            i % 2 === 0 ? 'bot' : 'agent',
            closed ? new Date(openedAt + 60_000 + i * 7_000).toISOString() : null,
            closed ? 'agent' : null,
            closed ? 1 : 0,
            i % 5 === 0 ? 1 : 0,
          ],
        );
      });
    }
    const exactGroups = await dataSource.query<Array<Record<string, string | number | null>>>(
      `SELECT COALESCE(opened_by, 'unknown') AS opened_by, COALESCE(closed_by, 'open') AS closed_by,
              count(*)::int AS count, sum(reopens)::int AS reopens, count(*) FILTER (WHERE reopens > 0)::int AS reopened,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50
       FROM interventions WHERE opened_at >= $1 AND opened_at < $2 GROUP BY 1, 2 ORDER BY 1, 2`,
      [MONTH.from, MONTH.to],
    );
    const read = async () =>
      interventionGroups(
        await readRollup<InterventionRollupRow>(dataSource, INTERVENTION_ROLLUP, MONTH, [null]),
      );
    const live = await read();
    expect(
      live.map(({ opened_by, closed_by, count, reopens, reopened }) => ({
        opened_by,
        closed_by,
        count,
        reopens,
        reopened,
      })),
    ).toEqual(
      exactGroups.map(({ opened_by, closed_by, count, reopens, reopened }) => ({
        opened_by,
        closed_by,
        count,
        reopens,
        reopened,
      })),
    );
    // Within one histogram bucket (4.4%) of percentile_cont; null where none was closed.
    const relativeErrors = live.map((group, index) => {
      const p50 = exactGroups[index].p50;
      return p50 === null
        ? group.duration_p50_ms === null
          ? 0
          : Number.NaN
        : Math.abs((group.duration_p50_ms ?? Number.NaN) - Number(p50)) / Number(p50);
    });
    expect(relativeErrors.every((error) => error < 0.045)).toBe(true);
    await refresher.refresh(0);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM stats_daily_intervention')).not.toEqual([
      { n: 0 },
    ]);
    expect(await read()).toEqual(live);
  });
});
