import { type ReplyTarget, type ThreadRoutingEvent } from '@handover/contracts';
import { effectsOf } from './routing-effects';
import { type RoutingPolicy } from './routing-policy';
import { type RoutingCommand, type RoutingContext, decide, evolve } from './routing.decider';
import { initialRoutingState, type RoutingState, type ThreadFacts } from './routing-state';

// The seed's example thread: "other" + BOT, to become "other" + AGENT.
const OTHER = '5bdc766799fc227748f4453';
const BOT = '5be59e0a13047d01f46caa62';
const AGENT = '5be59e1f13047d026b6ca8af';
const THREAD = '5be1d047e20311250379c2f6';
const BOT_USER = 'user-bot';

const policy: RoutingPolicy = {
  botCategoryId: BOT,
  agentCategoryId: AGENT,
  botUserId: BOT_USER,
  reopenPolicy: 'bot-first',
  agentNote: true,
  waitingTimeoutMs: 60_000,
  waitingFallback: 'agent',
  waitingNotices: { fr: 'Un conseiller va vous répondre.', en: 'An agent will be with you shortly.' },
  stillWaitingNotices: { fr: 'Toujours en attente.' },
  waitingReminderMs: 60_000,
  offlineNotices: { fr: 'Personne en ligne.' },
  botKeywords: ['bot', 'robot'],
  botReturnNotices: { fr: 'Je reprends la conversation.' },
  defaultLanguage: 'fr',
  loopMaxHandovers: 2,
  loopWindowMs: 7_200_000,
};

const chat = (contentId: string): ReplyTarget => ({
  content_id: contentId,
  thread_id: THREAD,
  content_type: 'chat/message',
  private: true,
  author_id: 'customer-1',
  thread_title: null,
  email: null,
});

const facts: ThreadFacts = {
  threadId: THREAD,
  sourceId: 'source-1',
  categoryIds: [OTHER, BOT],
  factsAt: '2026-01-01T10:00:00.000Z',
  interventionId: 'intervention-1',
  language: 'fr',
  lastCustomerContentId: 'content-1',
  lastCustomerReply: chat('content-1'),
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
  reasonDetail: null,
  contentId: 'content-1',
  language: 'fr',
  transcript: [{ at, from: 'customer', text: 'je veux un humain' }],
  categoryIds: null,
  categoriesAt: null,
  interventionId: 'intervention-1',
  replyTarget: chat('content-1'),
});

function run(state: RoutingState, command: RoutingCommand, ctx: RoutingContext = context()) {
  const events = decide(state, command, ctx);
  let after = state;
  const effects = events.flatMap((event) => {
    const produced = effectsOf(event, after, ctx.policy, ctx.facts);
    after = evolve(after, event);
    return produced;
  });
  return { events, after, effects, types: events.map((event) => event.type) };
}

const handedOver = (events: ThreadRoutingEvent[]) =>
  events.find((event) => event.type === 'thread.handed_over');

describe('routing decider', () => {
  const bot = initialRoutingState(THREAD, 'source-1');

  it("should recategorize the seed's thread to AGENT, then leave the agent a note as an intervention comment", () => {
    const { events, after, effects } = run(bot, request());
    expect(handedOver(events)).toMatchObject({
      trigger: 'bot_request',
      reason: 'explicit',
      category_ids: [OTHER, AGENT],
    });
    expect(after.route).toBe('AGENT');
    expect(effects.map((effect) => effect.kind)).toEqual(['update_categories', 'agent_note']);
    expect(effects[0].payload).toMatchObject({ threadId: THREAD, target: 'AGENT' });
    expect(effects[1].payload).toMatchObject({ threadId: THREAD, contentId: 'content-1' });
    expect(String(effects[1].payload.body)).toContain('je veux un humain');
    // Nothing meant for the agent is ever posted as a content, private or not.
    expect(effects.some((effect) => effect.kind === 'post_content')).toBe(false);
  });

  it("should give the agent the bot's own reason, also after the customer waited in the queue", () => {
    const withReason: RoutingCommand = {
      ...request(),
      reasonDetail: 'refund over 500 EUR',
    } as RoutingCommand;
    const atOnce = run(bot, withReason);
    const queued = run(bot, withReason, context({ freeAgents: 0 }));
    const later = run(queued.after, {
      kind: 'agent_free',
      causationId: 'agent-free-1',
      at: '2026-01-01T10:02:00.000Z',
    });

    for (const { effects } of [atOnce, later]) {
      const note = effects.find((effect) => effect.kind === 'agent_note');
      expect(String(note?.payload.body)).toContain("The bot's reason: refund over 500 EUR");
    }
    expect(String(run(bot, request()).effects[1].payload.body)).not.toContain("The bot's reason");
  });

  it('should hand over on an asynchronous source without looking at availability', () => {
    expect(run(bot, request(), context({ realtime: false, freeAgents: 0 })).after.route).toBe('AGENT');
  });

  it('should queue on a realtime source with nobody free, tell the customer as privately as they wrote, and hand over when an agent is free', () => {
    const queued = run(bot, request(), context({ freeAgents: 0 }));
    expect(queued.types).toEqual(['handover.requested', 'handover.queued']);
    expect(queued.after).toMatchObject({ route: 'WAITING', waitingSince: '2026-01-01T10:00:01.000Z' });
    expect(queued.effects).toEqual([expect.objectContaining({ kind: 'post_content' })]);
    expect(queued.effects[0].payload).toMatchObject({
      body: 'Un conseiller va vous répondre.',
      target: { content_id: 'content-1', private: true },
    });

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

  it('should never drop a request silently: a waiting customer keeps their place and the request says why', () => {
    const waiting = run(bot, request(), context({ freeAgents: 0 })).after;
    const again = run(waiting, request('2026-01-01T10:00:05.000Z'));
    expect(again.events).toEqual([
      expect.objectContaining({ type: 'handover.request_declined', reason: 'already_waiting' }),
    ]);
    expect(again.after.route).toBe('WAITING');
  });

  it('should act on a request for a thread it believes is with agents: the bot only asks on a BOT thread', () => {
    const agent = run(bot, request()).after;
    const again = run(agent, request('2026-01-01T12:00:00.000Z'));
    expect(handedOver(again.events)).toMatchObject({ trigger: 'bot_request' });
    expect(again.effects.map((effect) => effect.kind)).toContain('update_categories');
  });

  it('should check availability for a thread it has not seen yet, from the source the bot names', () => {
    const unseen = initialRoutingState('thread-new');
    const noFacts: ThreadFacts = {
      ...facts,
      threadId: 'thread-new',
      sourceId: null,
      categoryIds: null,
      factsAt: null,
    };
    const queued = run(
      { ...unseen, sourceId: 'source-1' },
      request(),
      context({ facts: noFacts, freeAgents: 0 }),
    );
    expect(queued.after.route).toBe('WAITING');
  });

  it('should use the bot’s newer view of the categories when ours lags behind', () => {
    const command = { ...request(), categoryIds: [BOT, 'vip'], categoriesAt: '2026-01-01T10:00:00.500Z' };
    expect(handedOver(run(bot, command).events)?.category_ids).toEqual(['vip', AGENT]);
  });

  describe('a waiting customer', () => {
    const waiting = run(
      bot,
      request('2026-01-01T10:00:00.000Z', 'fallbacks'),
      context({ freeAgents: 0 }),
    ).after;
    const wrote = (at: string, text = 'Toujours là ?'): RoutingCommand => ({
      kind: 'customer_wrote',
      causationId: `content-${at}`,
      at,
      contentId: `content-${at}`,
      text,
    });

    it('should go back to the bot, and be told so, when they write only one of the bot keywords', () => {
      const back = run(waiting, wrote('2026-01-01T10:00:30.000Z', '  Robot ! '));

      expect(back.events).toEqual([
        expect.objectContaining({ type: 'thread.returned_to_bot', trigger: 'customer_asked' }),
      ]);
      expect(back.after.route).toBe('BOT');
      // The thread kept BOT on RCED while it waited: no recategorization, only the notice.
      expect(back.effects.map(({ kind, payload }) => [kind, payload.body])).toEqual([
        ['post_content', 'Je reprends la conversation.'],
      ]);
    });

    it('should stay in the queue when the keyword is only part of the message, or during an emergency', () => {
      expect(run(waiting, wrote('2026-01-01T10:00:30.000Z', 'Je ne veux pas du robot')).after.route).toBe(
        'WAITING',
      );
      expect(
        run(waiting, wrote('2026-01-01T10:00:30.000Z', 'bot'), context({ emergency: true })).after.route,
      ).not.toBe('BOT');
    });

    it('should be told again that they wait when they write, at most once per reminder interval', () => {
      const soon = run(waiting, wrote('2026-01-01T10:00:30.000Z'));
      expect(soon.events).toEqual([]);
      const later = run(waiting, wrote('2026-01-01T10:01:00.000Z'));
      expect(later.types).toEqual(['handover.wait_acknowledged']);
      expect(later.effects[0].payload).toMatchObject({ body: 'Toujours en attente.' });
      expect(run(later.after, wrote('2026-01-01T10:01:10.000Z')).events).toEqual([]);
    });

    it('should end WAITING by the configured fallback after the waiting time', () => {
      const early = {
        kind: 'waiting_expired',
        causationId: 'tick-1',
        at: '2026-01-01T10:00:59.000Z',
      } as const;
      expect(run(waiting, early).events).toEqual([]);
      const late = { ...early, causationId: 'tick-2', at: '2026-01-01T10:01:00.000Z' };
      expect(run(waiting, late).after.route).toBe('AGENT');
      const backToBot = run(waiting, late, context({ policy: { ...policy, waitingFallback: 'bot' } }));
      expect(backToBot.types).toEqual(['thread.returned_to_bot']);
      expect(backToBot.events[0]).toMatchObject({ category_ids: [OTHER, BOT] });
    });

    it('should tell the customer when the agent fallback hands them over while nobody is online', () => {
      const late = { kind: 'waiting_expired', causationId: 'tick', at: '2026-01-01T10:02:00.000Z' } as const;
      const nobody = run(waiting, late, context({ freeAgents: 0 }));
      expect(handedOver(nobody.events)).toMatchObject({ trigger: 'waiting_timeout', offline_notice: true });
      expect(nobody.effects.map((effect) => effect.kind)).toEqual([
        'update_categories',
        'agent_note',
        'post_content',
      ]);
      expect(nobody.effects[2].payload).toMatchObject({ body: 'Personne en ligne.' });
      const someone = run(waiting, late, context({ freeAgents: 1 }));
      expect(someone.effects.map((effect) => effect.kind)).not.toContain('post_content');
    });
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
      closedBy: 'user-agent',
      heldBy: 'user-agent',
      issuedAt: '2026-01-01T11:00:00.000Z',
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
      expect(back.effects[0].payload).toMatchObject({ target: 'BOT' });
    });

    it('should ask RCED to close the thread under close-thread, and call it closed only once RCED did', () => {
      const outcome = run(agent, closed, context({ policy: { ...policy, reopenPolicy: 'close-thread' } }));
      expect(outcome.types).toEqual(['thread.close_requested']);
      expect(outcome.effects.map((effect) => effect.kind)).toEqual(['close_thread']);
      expect(outcome.after.closed).toBe(false);
      const done = run(outcome.after, {
        kind: 'close_done',
        causationId: 'close-1',
        at: '2026-01-01T11:00:01.000Z',
        interventionId: 'intervention-1',
      });
      expect(done.types).toEqual(['thread.closed']);
      expect(done.after.closed).toBe(true);
    });

    it('should keep the thread with its agents when RCED refuses to close it (a chat source)', () => {
      const refused = run(agent, {
        kind: 'close_refused',
        causationId: 'close-1',
        at: '2026-01-01T11:00:01.000Z',
        interventionId: 'intervention-1',
      });
      expect(refused.events[0]).toMatchObject({ type: 'thread.kept_with_agents', rule: 'close_refused' });
      expect(refused.after).toMatchObject({ route: 'AGENT', closed: false });
    });

    it('should keep a thread that keeps bouncing with agents (loop protection)', () => {
      const second = run(run(agent, closed).after, request('2026-01-01T11:10:00.000Z')).after;
      const again = run(second, {
        ...closed,
        causationId: 'closed-2',
        at: '2026-01-01T11:20:00.000Z',
        issuedAt: '2026-01-01T11:20:00.000Z',
      });
      expect(again.events[0]).toMatchObject({ type: 'thread.kept_with_agents', rule: 'loop_protection' });
      expect(again.after.route).toBe('AGENT');
      const muchLater = run(second, {
        ...closed,
        causationId: 'closed-3',
        at: '2026-01-01T13:00:00.000Z',
        issuedAt: '2026-01-01T13:00:00.000Z',
      });
      expect(muchLater.types).toEqual(['thread.returned_to_bot']);
    });

    it('should do nothing when the bot closed its own intervention, even on a thread with agents', () => {
      expect(run(bot, closed).events).toEqual([]);
      expect(run(agent, { ...closed, closedBy: BOT_USER, heldBy: BOT_USER }).events).toEqual([]);
      expect(run(agent, { ...closed, closedBy: null, heldBy: BOT_USER }).events).toEqual([]);
    });

    it('should not undo a handover with a close issued before it (delivered late)', () => {
      const stale = { ...closed, issuedAt: '2026-01-01T09:59:00.000Z' };
      expect(run(agent, stale).events).toEqual([]);
    });
  });

  describe('categories seen on RCED (agents move threads by hand)', () => {
    const seen = (
      categoryIds: string[],
      seenAt: string,
      extra: Partial<RoutingCommand> = {},
    ): RoutingCommand =>
      ({
        kind: 'categories_seen',
        causationId: `seen-${seenAt}`,
        at: seenAt,
        categoryIds,
        seenAt,
        recategorizing: false,
        recategorizedAt: null,
        ...extra,
      }) as RoutingCommand;

    it('should follow an agent who takes a BOT or waiting thread in the console, without calling RCED', () => {
      const taken = run(bot, seen([OTHER, AGENT], '2026-01-01T10:05:00.000Z'));
      expect(handedOver(taken.events)).toMatchObject({ trigger: 'console', reason: 'console' });
      expect(taken.effects).toEqual([]);
      expect(taken.after.route).toBe('AGENT');
    });

    it('should follow an agent who gives a thread back to the bot in the console', () => {
      const agent = run(bot, request()).after;
      const back = run(
        agent,
        seen([OTHER, BOT], '2026-01-01T10:30:00.000Z', { recategorizedAt: '2026-01-01T10:00:02.000Z' }),
      );
      expect(back.events[0]).toMatchObject({ type: 'thread.returned_to_bot', trigger: 'console' });
      expect(back.effects).toEqual([]);
      expect(back.after.route).toBe('BOT');
    });

    it('should not take its own recategorization in flight, or what was issued before it applied, for a move', () => {
      const agent = run(bot, request()).after;
      expect(
        run(agent, seen([OTHER, BOT], '2026-01-01T10:00:03.000Z', { recategorizing: true })).events,
      ).toEqual([]);
      expect(
        run(
          agent,
          seen([OTHER, BOT], '2026-01-01T10:00:03.000Z', { recategorizedAt: '2026-01-01T10:00:04.000Z' }),
        ).events,
      ).toEqual([]);
    });

    it('should give a thread holding both BOT and AGENT to the agents', () => {
      expect(run(bot, seen([BOT, AGENT], '2026-01-01T10:05:00.000Z')).after.route).toBe('AGENT');
    });
  });

  describe('when a recategorization failed for good', () => {
    it('should give a thread whose handover never happened back to the bot, so its next message gets out of it', () => {
      const agent = run(bot, request()).after;
      const failed = run(agent, {
        kind: 'recategorization_failed',
        causationId: 'effect-1',
        at: '2026-01-01T10:01:00.000Z',
        target: 'AGENT',
      });
      expect(failed.events[0]).toMatchObject({ type: 'thread.returned_to_bot', trigger: 'handover_failed' });
      expect(failed.effects).toEqual([]);
      expect(failed.after).toMatchObject({ route: 'BOT', request: null });
      expect(handedOver(run(failed.after, request('2026-01-01T10:02:00.000Z')).events)).toBeDefined();
    });

    it('should keep with agents a thread whose return to the bot failed', () => {
      const returned = { ...bot, route: 'BOT' as const };
      const failed = run(returned, {
        kind: 'recategorization_failed',
        causationId: 'effect-2',
        at: '2026-01-01T10:01:00.000Z',
        target: 'BOT',
      });
      expect(failed.events[0]).toMatchObject({
        type: 'thread.kept_with_agents',
        rule: 'recategorization_failed',
      });
      expect(failed.after.route).toBe('AGENT');
    });
  });

  describe('emergency', () => {
    it('should move BOT and WAITING threads, and a BOT thread whose customer writes, but leave AGENT alone', () => {
      const move = {
        kind: 'emergency_move',
        causationId: 'command-1',
        at: '2026-01-01T10:00:02.000Z',
      } as const;
      const moved = run(bot, move);
      expect(handedOver(moved.events)).toMatchObject({ trigger: 'emergency', private_note: false });
      expect(moved.effects[0].payload).toMatchObject({ emergency: true });
      const waiting = run(bot, request(), context({ freeAgents: 0 })).after;
      expect(run(waiting, move).after.route).toBe('AGENT');
      expect(run(run(bot, request()).after, move).events).toEqual([]);

      const wrote = {
        kind: 'customer_wrote',
        causationId: 'content-2',
        at: '2026-01-01T10:00:03.000Z',
        contentId: 'content-2',
        text: 'Bonjour',
      } as const;
      expect(run(bot, wrote, context({ emergency: true })).after.route).toBe('AGENT');
      expect(run(bot, wrote).events).toEqual([]);
    });

    it('should give back to the bot a thread whose emergency move was cancelled before it was made', () => {
      const moved = run(bot, {
        kind: 'emergency_move',
        causationId: 'c-1',
        at: '2026-01-01T10:00:02.000Z',
      }).after;
      const canceled = run(moved, {
        kind: 'emergency_canceled',
        causationId: 'c-2',
        at: '2026-01-01T10:00:03.000Z',
      });
      expect(canceled.events[0]).toMatchObject({
        type: 'thread.returned_to_bot',
        trigger: 'emergency_ended',
      });
      expect(canceled.effects).toEqual([]);
      expect(canceled.after.route).toBe('BOT');
    });

    it('should hand over a request at once during an emergency even with nobody free', () => {
      expect(run(bot, request(), context({ emergency: true, freeAgents: 0 })).after.route).toBe('AGENT');
    });
  });

  it('should give the same event ids when the same command is decided twice', () => {
    expect(decide(bot, request(), context())).toEqual(decide(bot, request(), context()));
  });
});
