import { AVAILABILITY_EVENTS, BOT_EVENTS, HANDOVER_EVENTS, RECORD_HEADERS } from '@handover/contracts';
import { BatchScope, type ConsumedRecord, DATA_SOURCE, EventDispatcher } from '@handover/event-runtime';
import { useTestSchema } from '@handover/test-infra';
import { Logger } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { type DataSource } from 'typeorm';
import { INTERVENTION_STATS_MIGRATIONS } from '../../migrations';
import { DASHBOARD_ACCESS, DashboardAccess } from '../access/dashboard-access';
import { loadInterventionStatsConfig } from '../config/intervention-stats.config';
import { PROJECTION_ENTITIES } from '../projection';
import { statsProjectors } from '../projection/stats.projectors';
import { TimeseriesHttpController } from './timeseries.http.controller';
import { type TimeseriesPoint, type TimeseriesResponse } from './timeseries.response';

const TOKEN = 'timeseries-test-token-0123456789abcdef';
const WEB = '5b3b6562d6cb00f93fe59c9f';
const MAIL = '5b3b6562d6cb00f93fe59ca0';
const DAY = '2026-03-02';
const at = (time: string, day = DAY): string => new Date(`${day}T${time}Z`).toISOString();

let offset = 0;
function record(
  topic: string,
  key: string,
  value: { type: string; event_id: string } & Record<string, unknown>,
): ConsumedRecord {
  return {
    topic,
    partition: 0,
    offset: String((offset += 1)),
    key,
    eventType: value.type,
    eventId: value.event_id,
    headers: { [RECORD_HEADERS.eventType]: value.type, [RECORD_HEADERS.eventId]: value.event_id },
    rawValue: JSON.stringify(value),
  };
}

function bot(type: string, thread: string, when: string, source: string, language: string): ConsumedRecord {
  const content = `${thread}-${when}`;
  return record(BOT_EVENTS.topic.name, thread, {
    type,
    event_id: `${type}:${content}`,
    thread_id: thread,
    content_id: content,
    source_id: source,
    occurred_at: when,
    language,
    text: 'Bonjour',
    intent: 'greeting',
    fallback: false,
    reason: 'explicit',
    transcript: [],
  });
}

function routing(
  type: string,
  thread: string,
  when: string,
  source: string,
  language = 'fr',
): ConsumedRecord {
  return record(HANDOVER_EVENTS.topic.name, thread, {
    type,
    event_id: `${type}:${thread}:${when}`,
    thread_id: thread,
    source_id: source,
    occurred_at: when,
    causation_id: when,
    reason: 'explicit',
    language,
    trigger: 'bot_request',
    category_ids: [],
    private_note: false,
    waited_ms: null,
  });
}

function poll(source: string, when: string, agents: number): ConsumedRecord {
  return record(AVAILABILITY_EVENTS.topic.name, source, {
    type: 'availability.changed',
    event_id: `availability.changed:${source}:${when}`,
    source_id: source,
    channel_id: 'channel',
    available_agents: agents,
    agent_ids: [],
    occurred_at: when,
  });
}

/**
 * A morning of queue and bot activity (times on 2026-03-02 unless said):
 * - waiting: t4 (web, fr) since the day before; t2 (web, en) 09:59:00 → back to the bot 10:03:30;
 *   t1 (web, fr) 10:00:20 → handed over 10:02:10; t3 (mail, fr) queued 10:01:05 and again 10:01:40.
 * - agents: web 2 the day before, then 3 at 10:00:10, 1 at 10:00:50, 4 at 10:03:00; mail 5 at 10:02:30.
 * - bot: a reply the day before; requests 09:58:50 (t2), 10:00:15 (t1), 10:01:00 (t3); replies
 *   10:00:05 (t1), 10:00:59 (t3), a resolution 10:04:59 (t5, web, en).
 */
const MORNING: readonly ConsumedRecord[] = [
  poll(WEB, at('23:00:00', '2026-03-01'), 2),
  bot('bot.replied', 't4', at('19:59:00', '2026-03-01'), WEB, 'fr'),
  routing('handover.queued', 't4', at('20:00:00', '2026-03-01'), WEB),
  bot('bot.handover_requested', 't2', at('09:58:50'), WEB, 'en'),
  routing('handover.queued', 't2', at('09:59:00'), WEB, 'en'),
  bot('bot.replied', 't1', at('10:00:05'), WEB, 'fr'),
  poll(WEB, at('10:00:10'), 3),
  bot('bot.handover_requested', 't1', at('10:00:15'), WEB, 'fr'),
  routing('handover.requested', 't1', at('10:00:16'), WEB),
  routing('handover.queued', 't1', at('10:00:20'), WEB),
  poll(WEB, at('10:00:50'), 1),
  bot('bot.replied', 't3', at('10:00:59'), MAIL, 'fr'),
  bot('bot.handover_requested', 't3', at('10:01:00'), MAIL, 'fr'),
  routing('handover.queued', 't3', at('10:01:05'), MAIL),
  routing('handover.queued', 't3', at('10:01:40'), MAIL),
  routing('thread.handed_over', 't1', at('10:02:10'), WEB),
  poll(MAIL, at('10:02:30'), 5),
  poll(WEB, at('10:03:00'), 4),
  routing('thread.returned_to_bot', 't2', at('10:03:30'), WEB),
  bot('bot.resolved', 't5', at('10:04:59'), WEB, 'en'),
];

/** GET /analytics/timeseries on the controller as the app mounts it, over a projection fed by the app's projectors. */
describe(TimeseriesHttpController.name, () => {
  const options = { entities: PROJECTION_ENTITIES, migrations: INTERVENTION_STATS_MIGRATIONS };
  const schema = useTestSchema({ schema: 'timeseries_test', ...options });
  const rebuilt = useTestSchema({ schema: 'timeseries_rebuilt_test', ...options });
  const dispatcher = new EventDispatcher(statsProjectors(null));
  let app: NestFastifyApplication;

  /** One batch, applied and flushed in its transaction as the consumer does. */
  const batch = (dataSource: DataSource, records: readonly ConsumedRecord[]): Promise<void> =>
    dataSource.transaction(async (manager) => {
      const scope = new BatchScope(records, manager);
      for (const one of records) {
        await dispatcher.dispatch(one, manager, scope);
      }
      await scope.flush();
    });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    // Batches of three records, each thread's in order; then t1's request and queueing delivered again.
    for (let start = 0; start < MORNING.length; start += 3) {
      await batch(schema(), MORNING.slice(start, start + 3));
    }
    const again = MORNING.filter(
      (one) => one.key === 't1' && /^(bot\.handover_requested|handover\.queued):/.test(one.eventId ?? ''),
    );
    await batch(
      schema(),
      again.map((one) => ({ ...one, offset: String((offset += 1)) })),
    );

    const config = loadInterventionStatsConfig({
      KAFKA_BROKERS: '127.0.0.1:9092',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/stats',
      DASHBOARD_USERS: `alice=${TOKEN}`,
      DASHBOARD_SESSION_SECRET: 'timeseries-session-secret-0123456789abcdef',
    });
    const module = await Test.createTestingModule({
      controllers: [TimeseriesHttpController],
      providers: [
        { provide: DATA_SOURCE, useFactory: () => schema() },
        { provide: DASHBOARD_ACCESS, useValue: new DashboardAccess(config) },
      ],
    }).compile();
    app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  async function get(
    query: string,
    authorization = `Bearer ${TOKEN}`,
  ): Promise<{ status: number; body: unknown }> {
    const response = await app.inject({
      method: 'GET',
      url: `/analytics/timeseries?${query}`,
      headers: { host: '127.0.0.1', authorization },
    });
    return { status: response.statusCode, body: response.json() };
  }

  async function points(query: string): Promise<TimeseriesPoint[]> {
    const { status, body } = await get(query);
    expect(status).toBe(200);
    return (body as TimeseriesResponse).points;
  }

  /** [at, waiting_threads, available_agents, handover_requests, bot_replies] per point. */
  const table = (rows: TimeseriesPoint[]): unknown[][] =>
    rows.map((row) => [
      row.at,
      row.waiting_threads,
      row.available_agents,
      row.handover_requests,
      row.bot_replies,
    ]);

  it('should answer one point per minute, levels carried forward from before the range, counts zero-filled and redeliveries counted once', async () => {
    const { body } = await get(`from=${at('10:00:30')}&to=${at('10:05:00')}`);
    expect(body).toMatchObject({
      from: at('10:00:30'),
      to: at('10:05:00'),
      resolution: 'minute',
      source_id: null,
      language: null,
    });
    expect(table((body as TimeseriesResponse).points)).toEqual([
      [at('10:00:00'), 3, 1, 1, 2],
      [at('10:01:00'), 4, 1, 1, 0],
      [at('10:02:00'), 3, 6, 0, 0],
      [at('10:03:00'), 2, 9, 0, 0],
      [at('10:04:00'), 2, 9, 0, 1],
    ]);
  });

  it('should filter by source (agents too) and by language (not agents, who have none)', async () => {
    const range = `from=${at('10:00:00')}&to=${at('10:05:00')}`;
    expect(table(await points(`${range}&source_id=${MAIL}`))).toEqual([
      [at('10:00:00'), 0, null, 0, 1],
      [at('10:01:00'), 1, null, 1, 0],
      [at('10:02:00'), 1, 5, 0, 0],
      [at('10:03:00'), 1, 5, 0, 0],
      [at('10:04:00'), 1, 5, 0, 0],
    ]);
    expect(table(await points(`${range}&language=en`))).toEqual([
      [at('10:00:00'), 1, 1, 0, 0],
      [at('10:01:00'), 1, 1, 0, 0],
      [at('10:02:00'), 1, 6, 0, 0],
      [at('10:03:00'), 0, 9, 0, 0],
      [at('10:04:00'), 0, 9, 0, 1],
    ]);
  });

  it('should carry the previous day’s last poll and queue into the first minutes of a day', async () => {
    expect(table(await points(`from=${at('09:58:00')}&to=${at('10:00:00')}&source_id=${WEB}`))).toEqual([
      [at('09:58:00'), 1, 2, 1, 0],
      [at('09:59:00'), 2, 2, 0, 0],
    ]);
  });

  it('should answer UTC days beyond 24 hours, null agents before any poll', async () => {
    const { body } = await get('from=2026-02-28T12:00:00Z&to=2026-03-03');
    expect(body).toMatchObject({ resolution: 'day' });
    expect(table((body as TimeseriesResponse).points)).toEqual([
      [at('00:00:00', '2026-02-28'), 0, null, 0, 0],
      [at('00:00:00', '2026-03-01'), 1, 2, 0, 1],
      [at('00:00:00', '2026-03-02'), 2, 9, 3, 3],
    ]);
  });

  it('should end on the number of threads waiting now', async () => {
    const [{ waiting }] = await schema().query<Array<{ waiting: number }>>(
      `SELECT count(*)::int AS waiting FROM stats_thread_handover WHERE route = 'WAITING'`,
    );
    const minutes = await points(`from=${at('10:00:00')}&to=${at('11:00:00')}`);
    expect(minutes).toHaveLength(60);
    expect(minutes[59].waiting_threads).toBe(waiting);
    expect(waiting).toBe(2);
  });

  it('should write the same rows when the log is replayed in other batches', async () => {
    await batch(rebuilt(), MORNING);
    for (const table of [
      'stats_series_minute',
      'stats_series_day',
      'stats_availability_minute',
      'stats_availability_day',
    ]) {
      const rows = (dataSource: DataSource): Promise<unknown[]> =>
        dataSource.query(`SELECT * FROM ${table} ORDER BY 1, 2, 3`);
      expect({ table, rows: await rows(rebuilt()) }).toEqual({ table, rows: await rows(schema()) });
    }
  });

  it.each([
    ['from=yesterday', 'from must be an RFC 3339 date-time'],
    [
      `from=${at('10:00:00', '2026-03-01')}&to=${at('10:00:01')}&resolution=minute`,
      'resolution minute covers at most 24 hours',
    ],
    ['resolution=hour', 'resolution must be minute or day'],
  ])('should refuse %s with a 400 that names the problem', async (query, message) => {
    const { status, body } = await get(query);
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain(message);
  });

  it('should refuse anyone but a supervisor, as the other analytics endpoints do', async () => {
    expect((await get(`from=${at('10:00:00')}`, 'Bearer not-a-supervisor')).status).toBe(401);
  });
});
