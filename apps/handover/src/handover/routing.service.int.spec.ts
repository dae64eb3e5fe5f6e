import { type AvailabilityEvent, type BotHandoverRequestedEvent } from '@handover/contracts';
import { openAppDataSource } from '@handover/event-runtime';
import { createTestDatabase, pollUntil, type TestDatabase } from '@handover/test-infra';
import { type DataSource, type EntityManager } from 'typeorm';
import { HANDOVER_MIGRATIONS } from '../../migrations';
import { loadHandoverConfig } from '../config/handover.config';
import { routingPolicyOf } from '../handover.module';
import { PROJECTION_ENTITIES } from '../projection';
import { RoutingRepository } from '../projection/routing.repository';
import { initialRoutingState } from '../routing/routing-state';
import { type EngageFact } from './engage-fact';
import { RoutingService } from './routing.service';

const BOT = 'cat-bot';
const AGENT = 'cat-agent';
const CHAT = 'source-chat';
const CHAT_2 = 'source-chat-2';
const CHAT_3 = 'source-chat-3';
const CHAT_4 = 'source-chat-4';
const CHANNEL = 'channel-messaging';
const EMAIL = 'source-email';

/** RoutingService on real Postgres: the decisions that depend on what handover has (not) seen yet. */
describe(RoutingService.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let routing: RoutingService;
  const now = new Date('2030-01-10T12:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openAppDataSource({
      url: database.url,
      schema: 'handover_routing_test',
      entities: PROJECTION_ENTITIES,
      migrations: HANDOVER_MIGRATIONS,
      // A decision held open, one waiting on it, and the test watching the wait.
      poolSize: 4,
    });
    const config = loadHandoverConfig({
      KAFKA_BROKERS: '127.0.0.1:9092',
      DATABASE_URL: database.url,
      ENGAGE_BASE_URL: 'https://acme.api.engagement.dimelo.com/1.0',
      ENGAGE_API_TOKEN: 'token',
      BOT_CATEGORY_ID: BOT,
      AGENT_CATEGORY_ID: AGENT,
      BOT_USER_ID: 'user-bot',
      HANDOVER_REALTIME_SOURCE_IDS: [CHAT, CHAT_2, CHAT_3, CHAT_4].join(','),
    });
    routing = new RoutingService(config, routingPolicyOf(config), () => now);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  // What the runtime runs for one record live: its projector, then its reactor, in one transaction.
  const applyEngageFact = async (manager: EntityManager, fact: EngageFact): Promise<void> =>
    routing.reactToEngageFact(manager, fact, await routing.projectEngageFact(manager, fact));
  const applyAvailability = async (manager: EntityManager, event: AvailabilityEvent): Promise<void> => {
    if (await routing.projectAvailability(manager, event)) {
      await routing.reactToAvailability(manager, event);
    }
  };

  const request = (threadId: string, sourceId: string): BotHandoverRequestedEvent => ({
    type: 'bot.handover_requested',
    event_id: `bot.handover_requested:${threadId}`,
    thread_id: threadId,
    content_id: `content-${threadId}`,
    source_id: sourceId,
    occurred_at: now.toISOString(),
    language: 'fr',
    reason: 'explicit',
    text: null,
    intent: 'human',
    transcript: [],
  });

  const waitingLocks = async (): Promise<boolean> =>
    (
      await dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`,
      )
    )[0].n > 0;

  const routeOf = async (threadId: string): Promise<string | undefined> =>
    (
      await dataSource.query<Array<{ route: string }>>(
        'SELECT route FROM thread_route WHERE thread_id = $1',
        [threadId],
      )
    )[0]?.route;

  const available = (sourceId: string, agents: number, channelId = CHANNEL): Promise<void> =>
    dataSource.transaction((manager) =>
      applyAvailability(manager, {
        type: 'availability.changed',
        event_id: `availability:${sourceId}:${agents}`,
        source_id: sourceId,
        channel_id: channelId,
        available_agents: agents,
        agent_ids: Array.from({ length: agents }, (_, i) => `agent-${i}`),
        occurred_at: new Date(now.getTime() - 1_000).toISOString(),
      }),
    );

  it("should queue a first message's request on a realtime source with nobody online, before handover has seen the thread", async () => {
    // The bot's event comes first: handover has no fact about this thread, only the bot's source_id.
    await dataSource.transaction((manager) =>
      routing.reactToHandoverRequest(manager, request('thread-new', CHAT)),
    );

    expect(await routeOf('thread-new')).toBe('WAITING');
  });

  it('should not give the only available agent of a channel one thread from each of its two sources', async () => {
    await available(CHAT, 1);
    await available(CHAT_2, 1);

    await dataSource.transaction((manager) =>
      routing.reactToHandoverRequest(manager, request('thread-a', CHAT)),
    );
    await dataSource.transaction((manager) =>
      routing.reactToHandoverRequest(manager, request('thread-b', CHAT_2)),
    );

    // The agent took the thread that waited first (above); each source saw one agent, but it is one.
    expect([await routeOf('thread-new'), await routeOf('thread-a'), await routeOf('thread-b')]).toEqual([
      'AGENT',
      'WAITING',
      'WAITING',
    ]);
  });

  it("should not give a channel's only agent two threads of its two sources requested at the same moment", async () => {
    await available(CHAT_3, 1, 'channel-web');
    await available(CHAT_4, 1, 'channel-web');

    // Two partitions decide at once: the first decision is not committed when the second reads.
    const first = dataSource.createQueryRunner();
    await first.startTransaction();
    await routing.reactToHandoverRequest(first.manager, request('thread-x', CHAT_3));
    const second = dataSource.transaction((manager) =>
      routing.reactToHandoverRequest(manager, request('thread-y', CHAT_4)),
    );
    await pollUntil(waitingLocks, {
      timeoutMs: 10_000,
      intervalMs: 10,
      description: "the second request to wait for the first one's use of the agent",
    });
    await first.commitTransaction();
    await first.release();
    await second;

    expect([await routeOf('thread-x'), await routeOf('thread-y')]).toEqual(['AGENT', 'WAITING']);
  });

  it("should not take a handover being decided for an agent's move back to the bot, when RCED's older event is read meanwhile", async () => {
    const threadId = 'thread-race';
    const seen = (eventId: string, issuedAt: string): EngageFact => ({
      type: 'content.replied',
      eventId,
      issuedAt,
      threadId,
      sourceId: EMAIL,
      contentId: null,
      text: '',
      fromCustomer: false,
      replyTarget: null,
      categoryIds: [BOT],
      interventionId: null,
      actorUserId: null,
      holderUserId: null,
      language: null,
    });
    // A BOT thread handover already routed once (it has a route row to lock).
    await dataSource.transaction(async (manager) => {
      await applyEngageFact(manager, seen('ev-1', '2030-01-10T11:59:58.000Z'));
      await new RoutingRepository(manager).saveRoute({ ...initialRoutingState(threadId), sourceId: EMAIL });
    });

    // The handover is decided (bot.events.v1) and not committed yet when the bot's reply, issued
    // before it, comes in on engage.events.v1 and must wait for it.
    const deciding = dataSource.createQueryRunner();
    await deciding.startTransaction();
    await routing.reactToHandoverRequest(deciding.manager, request(threadId, EMAIL));
    const reading = dataSource.transaction((manager) =>
      applyEngageFact(manager, seen('ev-2', '2030-01-10T11:59:59.000Z')),
    );
    await pollUntil(waitingLocks, {
      timeoutMs: 10_000,
      intervalMs: 10,
      description: 'the engage event to wait for the handover',
    });
    await deciding.commitTransaction();
    await deciding.release();
    await reading;

    const types = await dataSource.query<Array<{ type: string }>>(
      `SELECT value::jsonb->>'type' AS type FROM outbox_message WHERE key = $1 ORDER BY id`,
      [threadId],
    );
    expect(await routeOf(threadId)).toBe('AGENT');
    expect(types.map((row) => row.type)).toEqual(['handover.requested', 'thread.handed_over']);
  });
});
