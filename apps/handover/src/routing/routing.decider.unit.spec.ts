import { type ThreadRoutingEvent } from '@handover/contracts';
import { effectsOf } from './routing-effects';
import { type RoutingPolicy } from './routing-policy';
import { type RoutingCommand, type RoutingContext, decide, evolve } from './routing.decider';
import { initialRoutingState, type RoutingState, type ThreadFacts } from './routing-state';

// The seed's example thread: "other" + BOT, to become "other" + AGENT.
const OTHER = '5bdc766799fc227748f4453';
const BOT = '5be59e0a13047d01f46caa62';
const AGENT = '5be59e1f13047d026b6ca8af';
const THREAD = '5be1d047e20311250379c2f6';

const policy: RoutingPolicy = {
  botCategoryId: BOT,
  agentCategoryId: AGENT,
  reopenPolicy: 'bot-first',
  privateNote: true,
  waitingTimeoutMs: 60_000,
  waitingFallback: 'agent',
  waitingNotices: { fr: 'Un conseiller va vous répondre.', en: 'An agent will be with you shortly.' },
  defaultLanguage: 'fr',
  loopMaxHandovers: 2,
  loopWindowMs: 7_200_000,
};

const facts: ThreadFacts = {
  threadId: THREAD,
  sourceId: 'source-1',
  categoryIds: [OTHER, BOT],
  factsAt: '2026-01-01T10:00:00.000Z',
  interventionId: 'intervention-1',
  language: 'fr',
  lastCustomerContentId: 'content-1',
};

const context = (overrides: Partial<RoutingContext> = {}): RoutingContext => ({
  policy,
  facts,
  realtime: true,
  freeAgents: 1,
  emergency: false,
  ...overrides,
});

const request = (
  at = '2026-01-01T10:00:01.000Z',
  reason: 'explicit' | 'fallbacks' = 'explicit',
): RoutingCommand => ({
  kind: 'request_handover',
  causationId: `bot.handover_requested:${at}`,
  at,
  reason,
  contentId: 'content-1',
  language: 'fr',
  transcript: [{ at, from: 'customer', text: 'je veux un humain' }],
  categoryIds: null,
  categoriesAt: null,
  interventionId: 'intervention-1',
});

function run(state: RoutingState, command: RoutingCommand, ctx: RoutingContext = context()) {
  const events = decide(state, command, ctx);
  const after = events.reduce(evolve, state);
  return { events, after, types: events.map((event) => event.type) };
}

const handedOver = (events: ThreadRoutingEvent[]) =>
  events.find((event) => event.type === 'thread.handed_over');

describe('routing decider', () => {
  const bot = initialRoutingState(THREAD, 'source-1');

  it("should recategorize the seed's thread to exactly current − BOT + AGENT, then post the agent's note", () => {
    const { events, after } = run(bot, request());
    const handover = handedOver(events);
    expect(handover).toMatchObject({
      trigger: 'bot_request',
      reason: 'explicit',
      category_ids: [OTHER, AGENT],
    });
    expect(after.route).toBe('AGENT');
    const effects = events.flatMap((event) =>
      effectsOf(event, events.slice(0, 1).reduce(evolve, bot), policy),
    );
    expect(effects.map((effect) => effect.kind)).toEqual(['update_categories', 'post_content']);
    expect(effects[1].payload).toMatchObject({ private: true, inReplyToId: 'content-1' });
    expect(String(effects[1].payload.body)).toContain('je veux un humain');
  });

  it('should hand over on an asynchronous source without looking at availability', () => {
    expect(run(bot, request(), context({ realtime: false, freeAgents: 0 })).after.route).toBe('AGENT');
  });

  it('should queue on a realtime source with nobody free, tell the customer, and hand over when an agent is free', () => {
    const queued = run(bot, request(), context({ freeAgents: 0 }));
    expect(queued.types).toEqual(['handover.requested', 'handover.queued']);
    expect(queued.after).toMatchObject({ route: 'WAITING', waitingSince: '2026-01-01T10:00:01.000Z' });
    const notice = effectsOf(queued.events[1], queued.after, policy);
    expect(notice).toEqual([expect.objectContaining({ kind: 'post_content' })]);
    expect(notice[0].payload).toMatchObject({ body: 'Un conseiller va vous répondre.', private: false });

    expect(run(queued.after, request('2026-01-01T10:00:05.000Z')).events).toEqual([]);
    const free = run(queued.after, {
      kind: 'agent_free',
      causationId: 'availability-1',
      at: '2026-01-01T10:00:31.000Z',
    });
    expect(handedOver(free.events)).toMatchObject({
      trigger: 'availability',
      waited_ms: 30_000,
      private_note: true,
    });
    expect(free.after.route).toBe('AGENT');
  });

  it('should use the bot’s newer view of the categories when ours lags behind', () => {
    const command = { ...request(), categoryIds: [BOT, 'vip'], categoriesAt: '2026-01-01T10:00:00.500Z' };
    expect(handedOver(run(bot, command).events)?.category_ids).toEqual(['vip', AGENT]);
  });

  it('should end WAITING by the configured fallback after the waiting time', () => {
    const waiting = run(
      bot,
      request('2026-01-01T10:00:00.000Z', 'fallbacks'),
      context({ freeAgents: 0 }),
    ).after;
    const early = { kind: 'waiting_expired', causationId: 'tick-1', at: '2026-01-01T10:00:59.000Z' } as const;
    expect(run(waiting, early).events).toEqual([]);
    const late = { ...early, causationId: 'tick-2', at: '2026-01-01T10:01:00.000Z' };
    expect(run(waiting, late).after.route).toBe('AGENT');
    const backToBot = run(waiting, late, context({ policy: { ...policy, waitingFallback: 'bot' } }));
    expect(backToBot.types).toEqual(['thread.returned_to_bot']);
    expect(backToBot.events[0]).toMatchObject({ category_ids: [OTHER, BOT] });
  });

  it('should not send a customer who asked for a human back to the bot within the same intervention', () => {
    const waiting = run(
      bot,
      request('2026-01-01T10:00:00.000Z', 'explicit'),
      context({ freeAgents: 0 }),
    ).after;
    const late = { kind: 'waiting_expired', causationId: 'tick', at: '2026-01-01T10:05:00.000Z' } as const;
    const outcome = run(waiting, late, context({ policy: { ...policy, waitingFallback: 'bot' } }));
    expect(outcome.types).toEqual(['thread.kept_with_agents', 'thread.handed_over']);
    expect(outcome.after.route).toBe('AGENT');
  });

  describe('when an agent closes the intervention', () => {
    const agent = run(bot, request()).after;
    const closed = {
      kind: 'intervention_closed',
      causationId: 'closed-1',
      at: '2026-01-01T11:00:00.000Z',
      interventionId: 'intervention-1',
    } as const;

    it('should stay with agents under agent-first', () => {
      expect(
        run(agent, closed, context({ policy: { ...policy, reopenPolicy: 'agent-first' } })).events,
      ).toEqual([]);
    });

    it('should go back to BOT with current − AGENT + BOT under bot-first', () => {
      const back = run(agent, closed);
      expect(back.events[0]).toMatchObject({ type: 'thread.returned_to_bot', category_ids: [OTHER, BOT] });
      expect(back.after.route).toBe('BOT');
    });

    it('should close the thread under close-thread', () => {
      const outcome = run(agent, closed, context({ policy: { ...policy, reopenPolicy: 'close-thread' } }));
      expect(outcome.types).toEqual(['thread.closed']);
      expect(effectsOf(outcome.events[0], agent, policy).map((effect) => effect.kind)).toEqual([
        'close_thread',
      ]);
      expect(outcome.after.closed).toBe(true);
    });

    it('should keep a thread that keeps bouncing with agents (loop protection)', () => {
      const second = run(run(agent, closed).after, request('2026-01-01T11:10:00.000Z')).after;
      const again = run(second, { ...closed, causationId: 'closed-2', at: '2026-01-01T11:20:00.000Z' });
      expect(again.events[0]).toMatchObject({ type: 'thread.kept_with_agents', rule: 'loop_protection' });
      expect(again.after.route).toBe('AGENT');
      const muchLater = run(second, { ...closed, causationId: 'closed-3', at: '2026-01-01T13:00:00.000Z' });
      expect(muchLater.types).toEqual(['thread.returned_to_bot']);
    });

    it('should do nothing when the bot closed its own intervention', () => {
      expect(run(bot, closed).events).toEqual([]);
    });
  });

  describe('emergency', () => {
    it('should move BOT and WAITING threads, and a BOT thread whose customer writes, but leave AGENT alone', () => {
      const move = {
        kind: 'emergency_move',
        causationId: 'command-1',
        at: '2026-01-01T10:00:02.000Z',
      } as const;
      expect(handedOver(run(bot, move).events)).toMatchObject({ trigger: 'emergency', private_note: false });
      const waiting = run(bot, request(), context({ freeAgents: 0 })).after;
      expect(run(waiting, move).after.route).toBe('AGENT');
      expect(run(run(bot, request()).after, move).events).toEqual([]);

      const wrote = {
        kind: 'customer_wrote',
        causationId: 'content-2',
        at: '2026-01-01T10:00:03.000Z',
      } as const;
      expect(run(bot, wrote, context({ emergency: true })).after.route).toBe('AGENT');
      expect(run(bot, wrote).events).toEqual([]);
    });

    it('should hand over a request at once during an emergency even with nobody free', () => {
      expect(run(bot, request(), context({ emergency: true, freeAgents: 0 })).after.route).toBe('AGENT');
    });
  });

  it('should give the same event ids when the same command is decided twice', () => {
    expect(decide(bot, request(), context())).toEqual(decide(bot, request(), context()));
  });
});
