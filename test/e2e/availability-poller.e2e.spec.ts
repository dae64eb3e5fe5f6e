import { type AvailabilityEvent, TOPICS } from '@handover/contracts';
import { listenHttp } from '@handover/observability';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createAvailabilityPollerApp } from '../../apps/availability-poller/src/availability-poller.app';
import { loadAvailabilityPollerConfig } from '../../apps/availability-poller/src/config/availability-poller.config';
import { type PlatformSeed } from '../../apps/engage-simulator/src/platform/platform-seed';
import { type RunningSimulator, startSimulator } from '../../apps/engage-simulator/test/simulator.harness';
import { createTestDatabase, type KafkaHandle, pollUntil, startKafka, type TestDatabase } from '../infra';
import { collectTopic, type TopicCollector } from '../support/availability-topic';

const hexId = (): string => randomBytes(12).toString('hex');

/** Fresh ids each run: the topic is shared and keeps everything, so records are told apart by source id. */
const IDS = {
  chatChannel: hexId(),
  emailChannel: hexId(),
  chatSource: hexId(),
  emailSource: hexId(),
  agentCategory: hexId(),
  botCategory: hexId(),
  agentTeam: hexId(),
  bot: hexId(),
  /** AGENT category; the oldest AGENT user, so on the second page of GET /users (newest first). */
  categoryAgent: hexId(),
  /** In the agent team only. */
  teamAgent: hexId(),
  /** Neither: connected, but not allowed to take handed-over threads. */
  outsider: hexId(),
};
const FILLER_AGENTS = 160;
const TOKEN = 'poller-token';
/** A TTL short enough for a refresh to fall due within the test; also the retry delay after a failed one. */
const SHORT_CACHE_TTL_MS = 3_000;
const REFRESHES = 'availability_poller_agent_refreshes_total';

interface ApiCall {
  method: string;
  path: string;
  params: Record<string, unknown>;
  status: number;
  at: number;
}

function platformSeed(): PlatformSeed {
  const user = (id: string, categoryIds: string[], teamIds: string[] = []) => ({
    id,
    firstname: `user-${id.slice(-6)}`,
    lastname: 'Poller',
    email: `${id}@simulator.test`,
    category_ids: categoryIds,
    team_ids: teamIds,
    identity_ids: [],
  });
  return {
    channels: [
      { id: IDS.chatChannel, name: 'Chat', label: 'Chat', soft_capability: 2, hard_capability: 4 },
      { id: IDS.emailChannel, name: 'Email', label: 'Email', soft_capability: 5, hard_capability: 10 },
    ],
    sources: [
      {
        id: IDS.chatSource,
        name: 'Chat',
        type: 'engage_messaging',
        kind: 'realtime',
        channel_id: IDS.chatChannel,
        default_category_ids: [IDS.botCategory],
      },
      {
        id: IDS.emailSource,
        name: 'Email',
        type: 'email',
        kind: 'asynchronous',
        channel_id: IDS.emailChannel,
        default_category_ids: [IDS.botCategory],
      },
    ],
    categories: [
      { id: IDS.botCategory, name: 'BOT', parent_id: null },
      { id: IDS.agentCategory, name: 'AGENT', parent_id: null },
    ],
    users: [
      user(IDS.bot, [IDS.botCategory]),
      user(IDS.categoryAgent, [IDS.agentCategory]),
      ...Array.from({ length: FILLER_AGENTS }, () => user(hexId(), [IDS.agentCategory])),
      user(IDS.teamAgent, [], [IDS.agentTeam]),
      user(IDS.outsider, []),
    ],
  };
}

describe('availability-poller', () => {
  let kafka: KafkaHandle;
  let database: TestDatabase;
  let simulator: RunningSimulator;
  let collector: TopicCollector;
  let env: Record<string, string>;
  const apps: NestFastifyApplication[] = [];
  /** Each poller's internal port, where /metrics is served. */
  const internalUrls = new WeakMap<NestFastifyApplication, string>();

  beforeAll(async () => {
    kafka = await startKafka();
    database = await createTestDatabase();
    simulator = await startSimulator(
      { SIMULATOR_TOKENS: TOKEN, SIMULATOR_RATE_LIMIT_PER_MINUTE: '1000000' },
      platformSeed(),
    );
    env = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      DATABASE_URL: database.url,
      ENGAGE_BASE_URL: `${await simulator.app.getUrl()}/1.0`.replace('[::1]', '127.0.0.1'),
      ENGAGE_API_TOKEN: TOKEN,
      ENGAGE_TIMEOUT_MS: '2000',
      AGENT_CATEGORY_ID: IDS.agentCategory,
      AGENT_TEAM_ID: IDS.agentTeam,
      AVAILABILITY_SOURCE_IDS: `${IDS.chatSource},${IDS.emailSource}`,
      AVAILABILITY_POLL_MS: '200',
      AVAILABILITY_SNAPSHOT_MS: '3600000',
      LOG_LEVEL: process.env.TEST_POLLER_LOG_LEVEL ?? 'silent',
    };
    await startPoller();
    // After the poller's start, which provisions the topic; read from its beginning, nothing is missed.
    const sources = new Set([IDS.chatSource, IDS.emailSource]);
    collector = await collectTopic(kafka.brokers, TOPICS.availabilityEvents.name, (key) => sources.has(key));
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) {
      await app.close().catch(() => undefined);
    }
    await collector?.stop();
    await simulator?.app.close();
    await database?.drop();
    await kafka?.stop();
  });

  it('should start with a snapshot of every watched source, its agent cache read from every page of GET /users', async () => {
    await pollUntil(() => events('availability.snapshot').length === 2, {
      timeoutMs: 30_000,
      description: 'a snapshot of both sources',
    });

    expect(events('availability.snapshot', IDS.chatSource)).toMatchObject([
      { channel_id: IDS.chatChannel, available_agents: 0, agent_ids: [] },
    ]);
    expect(events('availability.snapshot', IDS.emailSource)).toMatchObject([
      { channel_id: IDS.emailChannel, available_agents: 0, agent_ids: [] },
    ]);
    const users = (await apiCalls('GET', '/1.0/users')).map(({ params }) => ({
      category_id: params.category_id,
      team_id: params.team_id,
      offset: params.offset,
    }));
    expect(users).toEqual([
      { category_id: IDS.agentCategory, team_id: undefined, offset: '0' },
      { category_id: IDS.agentCategory, team_id: undefined, offset: '150' },
      { category_id: undefined, team_id: IDS.agentTeam, offset: '0' },
    ]);
    expect(await apiCalls('GET', `/1.0/content_sources/${IDS.chatSource}`)).toHaveLength(1);
    const health = await fetch(`${await apps[0].getUrl()}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      details: { kafka: { status: 'up' }, postgres: { status: 'up' } },
    });
  });

  it('should publish one availability.changed per source when allowed agents come online on its channel', async () => {
    await setAgent(IDS.outsider, IDS.chatChannel, { status: 'available' });
    await setAgent(IDS.categoryAgent, IDS.chatChannel, { status: 'available' });
    await setAgent(IDS.categoryAgent, IDS.emailChannel, { status: 'away' });
    await setAgent(IDS.teamAgent, IDS.emailChannel, { status: 'available' });

    await pollUntil(() => changed(IDS.chatSource).length === 1 && changed(IDS.emailSource).length === 1, {
      description: 'a change on both sources',
    });

    expect(changed(IDS.chatSource)).toMatchObject([
      { channel_id: IDS.chatChannel, available_agents: 1, agent_ids: [IDS.categoryAgent] },
    ]);
    expect(changed(IDS.emailSource)).toMatchObject([{ available_agents: 1, agent_ids: [IDS.teamAgent] }]);
    const metrics = await (await fetch(`${internalUrls.get(apps[0])}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(`availability_poller_available_agents\\{[^}]*source_id="${IDS.chatSource}"[^}]*\\} 1\\n`),
    );
  });

  it('should publish nothing while availability stays the same, over several polls', async () => {
    const before = await outboxEventIds();

    await waitForStatusPolls(5);

    expect(await outboxEventIds()).toEqual(before);
    expect(changed(IDS.chatSource)).toHaveLength(1);
  });

  it('should publish a change to 0 when the agent goes full, and again when it goes away or disconnects', async () => {
    await setAgent(IDS.categoryAgent, IDS.chatChannel, { status: 'available', busyness: 'full' });
    await pollUntil(() => changed(IDS.chatSource).length === 2, { description: 'the agent full' });
    await setAgent(IDS.categoryAgent, IDS.chatChannel, { status: 'available' });
    await pollUntil(() => changed(IDS.chatSource).length === 3, { description: 'the agent free again' });
    await setAgent(IDS.categoryAgent, IDS.chatChannel, { status: 'away' });
    await pollUntil(() => changed(IDS.chatSource).length === 4, { description: 'the agent away' });
    await control('DELETE', `/_control/agents/${IDS.teamAgent}/presence`);
    await pollUntil(() => changed(IDS.emailSource).length === 2, {
      description: 'the team agent disconnected',
    });

    expect(changed(IDS.chatSource).map((event) => event.available_agents)).toEqual([1, 0, 1, 0]);
    expect(changed(IDS.emailSource).map((event) => event.available_agents)).toEqual([1, 0]);
  });

  it('should keep its caches and last published values across a restart within the TTL', async () => {
    const usersCalls = (await apiCalls('GET', '/1.0/users')).length;
    const sourceCalls = (await apiCalls('GET', `/1.0/content_sources/${IDS.chatSource}`)).length;
    await apps.shift()?.close();

    await startPoller();
    await setAgent(IDS.categoryAgent, IDS.chatChannel, { status: 'available' });
    await pollUntil(() => changed(IDS.chatSource).length === 5, {
      description: 'a change seen after the restart',
    });
    await waitForStatusPolls(3);

    expect(changed(IDS.chatSource).at(-1)).toMatchObject({
      available_agents: 1,
      agent_ids: [IDS.categoryAgent],
    });
    expect(await apiCalls('GET', '/1.0/users')).toHaveLength(usersCalls);
    expect(await apiCalls('GET', `/1.0/content_sources/${IDS.chatSource}`)).toHaveLength(sourceCalls);
    expect(events('availability.snapshot')).toHaveLength(2);
    expect(changed(IDS.chatSource)).toHaveLength(5);
  });

  it("should back off on a 429 for the Retry-After's second, then publish the change it missed", async () => {
    await control('PUT', '/_control/faults', { endpoint: 'GET /status', rate_limit_burst: 1 });
    await setAgent(IDS.categoryAgent, IDS.chatChannel, { status: 'away' });

    await pollUntil(() => changed(IDS.chatSource).length === 6, { description: 'the change after the 429' });
    await waitForStatusPolls(3);

    const statusCalls = await apiCalls('GET', '/1.0/status');
    const refused = statusCalls.findIndex((call) => call.status === 429);
    expect(refused).toBeGreaterThanOrEqual(0);
    // The simulator's Retry-After is 1 s; without a backoff the next poll would come 200 ms later.
    expect(statusCalls[refused + 1].at - statusCalls[refused].at).toBeGreaterThanOrEqual(900);
    expect(changed(IDS.chatSource)).toHaveLength(6);
    expect(changed(IDS.chatSource).at(-1)).toMatchObject({ available_agents: 0, agent_ids: [] });
  });

  it('should poll as one when two replicas run: one poll per period, one event per change', async () => {
    await startPoller();
    await setAgent(IDS.categoryAgent, IDS.chatChannel, { status: 'available' });
    await pollUntil(() => changed(IDS.chatSource).length === 7, {
      description: 'the change seen by either replica',
    });
    const first = (await apiCalls('GET', '/1.0/status')).length;
    await waitForStatusPolls(10);

    const window = (await apiCalls('GET', '/1.0/status')).slice(first);
    const meanGapMs = (window.at(-1)!.at - window[0].at) / (window.length - 1);
    // Each replica ticks every 200 ms: polling independently, they would call about every 100 ms.
    expect(meanGapMs).toBeGreaterThanOrEqual(140);
    expect(changed(IDS.chatSource)).toHaveLength(7);
  });

  it('should keep publishing availability from the cached agents while GET /users fails, and retry it only after a delay', async () => {
    while (apps.length > 0) {
      await apps.shift()?.close();
    }
    const usersBefore = (await apiCalls('GET', '/1.0/users')).length;
    await control('PUT', '/_control/faults', { endpoint: 'GET /users', error_rate: 1, error_status: 503 });
    // The agent cache in the database is warm; with this TTL its refresh falls due within seconds.
    await startPoller({ AGENT_CACHE_TTL_MS: String(SHORT_CACHE_TTL_MS) });
    const failedUsers = async () => (await apiCalls('GET', '/1.0/users')).slice(usersBefore);
    await pollUntil(async () => (await failedUsers()).length >= 1, { description: 'a failed GET /users' });

    await setAgent(IDS.categoryAgent, IDS.chatChannel, { status: 'away' });
    await pollUntil(() => changed(IDS.chatSource).length === 8, {
      description: 'the agent away, /users failing',
    });
    await setAgent(IDS.categoryAgent, IDS.chatChannel, { status: 'available' });
    await pollUntil(() => changed(IDS.chatSource).length === 9, {
      description: 'the agent back, /users failing',
    });
    const [first, second] = await pollUntil(
      async () => {
        const calls = await failedUsers();
        return calls.length >= 2 && calls;
      },
      { description: 'GET /users tried again' },
    );

    expect(changed(IDS.chatSource).slice(-2)).toMatchObject([
      { available_agents: 0, agent_ids: [] },
      { available_agents: 1, agent_ids: [IDS.categoryAgent] },
    ]);
    expect((await failedUsers()).map((call) => call.status)).toEqual([503, 503]);
    // The retry waits min(30 s, TTL) = 3 s; without it, every poll (200 ms apart) would call GET /users first.
    expect(second.at - first.at).toBeGreaterThanOrEqual(SHORT_CACHE_TTL_MS - 500);
    const statusBetween = (await apiCalls('GET', '/1.0/status')).filter(
      (call) => call.at > first.at && call.at < second.at,
    );
    expect(statusBetween.length).toBeGreaterThanOrEqual(5);
    // The polls whose refresh failed went on with the cached agents: none failed.
    expect((await metricValue('availability_poller_polls_total', { outcome: 'failed' })) || 0).toBe(0);
    // What an operator sees: refreshes failing, and permissions older than their TTL.
    await pollUntil(async () => (await metricValue(REFRESHES, { outcome: 'failed' })) === 2, {
      description: 'two failed refreshes counted',
    });
    const staleAgeSeconds = await metricValue('availability_poller_agent_cache_age_seconds');
    expect(staleAgeSeconds).toBeGreaterThan(SHORT_CACHE_TTL_MS / 1000);

    await control('DELETE', '/_control/faults');
    await pollUntil(
      async () => (await metricValue('availability_poller_agent_cache_age_seconds')) < staleAgeSeconds,
      { description: 'the agent cache refreshed at its next attempt' },
    );

    expect((await failedUsers()).some((call) => call.status === 200)).toBe(true);
    expect(await metricValue(REFRESHES, { outcome: 'succeeded' })).toBeGreaterThanOrEqual(1);
  });

  it('should have put every decided event on the topic exactly once', async () => {
    const decided = await pollUntil(
      async () => {
        const rows = await outboxRows();
        return rows.every((row) => row.sent) && rows;
      },
      { description: 'every outbox row sent' },
    );
    const ids = decided.map((row) => row.eventId);
    await pollUntil(() => collector.records.length >= ids.length, { description: 'every record read back' });

    expect(new Set(ids).size).toBe(ids.length);
    expect(collector.records.map((record) => record.headers['event-id']).sort()).toEqual([...ids].sort());
  });

  async function startPoller(overrides: Record<string, string> = {}): Promise<NestFastifyApplication> {
    const app = await createAvailabilityPollerApp(loadAvailabilityPollerConfig({ ...env, ...overrides }));
    apps.push(app);
    const { internalUrl } = await listenHttp(app, { port: 0, host: '127.0.0.1' }, { internalPort: 0 });
    internalUrls.set(app, internalUrl);
    return app;
  }

  function events(type: AvailabilityEvent['type'], sourceId?: string): AvailabilityEvent[] {
    return collector.records
      .map((record) => record.value as unknown as AvailabilityEvent)
      .filter((event) => event.type === type && (sourceId === undefined || event.source_id === sourceId));
  }

  function changed(sourceId: string): AvailabilityEvent[] {
    return events('availability.changed', sourceId);
  }

  async function control(method: string, path: string, json?: unknown): Promise<unknown> {
    const response = await simulator.request(method, path, json === undefined ? {} : { json });
    if (response.status >= 300) {
      throw new Error(`${method} ${path} answered ${response.status}`);
    }
    return response.body;
  }

  function setAgent(
    agentId: string,
    channelId: string,
    body: { status: string; busyness?: string },
  ): Promise<unknown> {
    return control('PUT', `/_control/agents/${agentId}/channels/${channelId}`, body);
  }

  /** The value of a sample of a Prometheus text exposition holding these labels (among others); NaN when absent. */
  async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await fetch(`${internalUrls.get(apps[0])}/metrics`)).text();
    const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
    const line = text
      .split('\n')
      .find(
        (candidate) =>
          new RegExp(`^${name}(\\{|\\s)`).test(candidate) && wanted.every((pair) => candidate.includes(pair)),
      );
    return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
  }

  async function apiCalls(method: string, path: string): Promise<ApiCall[]> {
    const calls = (await control('GET', '/_control/api-calls')) as ApiCall[];
    return calls.filter((call) => call.method === method && call.path === path);
  }

  async function waitForStatusPolls(count: number): Promise<void> {
    const start = (await apiCalls('GET', '/1.0/status')).length;
    await pollUntil(async () => (await apiCalls('GET', '/1.0/status')).length >= start + count, {
      description: `${count} more GET /status`,
    });
  }

  async function outboxRows(): Promise<Array<{ eventId: string; sent: boolean }>> {
    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    try {
      const { rows } = await sql.query<{ event_id: string; sent: boolean }>(
        `SELECT headers->>'event-id' AS event_id, sent_at IS NOT NULL AS sent
         FROM availability_poller.outbox_message ORDER BY id`,
      );
      return rows.map((row) => ({ eventId: row.event_id, sent: row.sent }));
    } finally {
      await sql.end();
    }
  }

  async function outboxEventIds(): Promise<string[]> {
    return (await outboxRows()).map((row) => row.eventId);
  }
});
