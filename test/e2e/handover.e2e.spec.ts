import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { pollUntil } from '../infra';
import { loadHandoverConfig } from '../../apps/handover/src/config/handover.config';
import { replayHandover } from '../../apps/handover/src/replay/handover.replay';
import { type ApiCallRecord } from '../support/bot-stack';
import { type HandoverStack, startHandoverStack } from '../support/handover-stack';

const W = WALKTHROUGH;
const HUMAN_PLEASE = 'Je voudrais parler à un conseiller';

/** The seed's cases of bot ⇄ agent handover, end to end: simulator → gateway → Kafka → apps → simulator. */
describe('handover', () => {
  let stack: HandoverStack;

  beforeAll(async () => {
    stack = await startHandoverStack();
    await stack.startBot();
    await stack.startPoller();
    await stack.startHandover({ HANDOVER_REOPEN_POLICY: 'bot-first' });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  afterEach(async () => {
    for (const agent of [W.agentUserId, W.agent2UserId, W.agent3UserId]) {
      await stack.agentAway(agent);
    }
  });

  const categoriesSent = (call: ApiCallRecord): unknown => call.params.thread_category_ids;

  async function recategorizedTo(threadId: string, count = 1): Promise<ApiCallRecord[]> {
    return pollUntil(
      async () => {
        const calls = await stack.recategorizations(threadId);
        return calls.length >= count && calls;
      },
      { timeoutMs: 20_000, description: `${count} update_categories on ${threadId}` },
    );
  }

  async function botRepliesTo(contentId: string): Promise<number> {
    return (await stack.repliesByContent()).get(contentId) ?? 0;
  }

  async function route(threadId: string): Promise<string | undefined> {
    const rows = await stack.query<{ route: string }>(
      'SELECT route FROM handover.thread_route WHERE thread_id = $1',
      [threadId],
    );
    return rows[0]?.route;
  }

  it("should hand the seed's thread over with exactly current − BOT + AGENT when an agent is available, with a note only the agent sees", async () => {
    await stack.agentOnline(W.agentUserId);
    await pollUntil(
      async () =>
        (await stack.query('SELECT 1 FROM handover.source_availability WHERE available_agents > 0')).length >
        0,
      {
        timeoutMs: 10_000,
        description: 'the agent to be seen available',
      },
    );
    const asked = await stack.customerSays(HUMAN_PLEASE, W.threadId);

    const [call] = await recategorizedTo(W.threadId);
    // The seed's final request: the other category kept, BOT replaced by AGENT.
    expect(categoriesSent(call)).toEqual([W.otherCategoryId, W.agentCategoryId]);
    // The agent's context is an intervention comment on the thread's intervention, never a content.
    const [note] = await pollUntil(
      async () => {
        const { comments } = await stack.agentView(W.threadId);
        return comments.length > 0 && comments;
      },
      { timeoutMs: 10_000, description: 'the note for the agent' },
    );
    expect(String(note.body)).toContain(HUMAN_PLEASE);
    const seenByCustomer = (await stack.customerView(W.threadId)).map((line) => line.body);
    expect(seenByCustomer).toContain(HUMAN_PLEASE);
    expect(seenByCustomer.filter((body) => body.includes('Handover from the bot'))).toEqual([]);
    expect(
      (await stack.apiCalls()).filter(
        (c) => c.path === '/1.0/contents' && String(c.params.body).includes('Handover from the bot'),
      ),
    ).toEqual([]);
    expect(asked.thread_id).toBe(W.threadId);
    expect(await route(W.threadId)).toBe('AGENT');

    // After the handover the bot never answers this thread again.
    const later = await stack.customerSays('Vous êtes là ?', W.threadId);
    await pollUntil(
      async () =>
        (
          await stack.query('SELECT 1 FROM handover.thread_facts WHERE last_customer_content_id = $1', [
            later.id,
          ])
        ).length > 0,
      {
        timeoutMs: 10_000,
        description: 'the later message to be seen',
      },
    );
    expect(await botRepliesTo(later.id)).toBe(0);
    expect(await stack.recategorizations(W.threadId)).toHaveLength(1);
  });

  it('should leave alone a conversation the bot resolves and whose intervention it closes itself', async () => {
    const hello = await stack.customerSays('Bonjour, où en est ma commande ?');
    await pollUntil(async () => (await botRepliesTo(hello.id)) === 1, {
      timeoutMs: 15_000,
      description: 'the bot to answer',
    });
    await stack.customerSays('Merci !', hello.thread_id);
    const [intervention] = await pollUntil(
      async () => {
        const { interventions } = await stack.control('GET', `/_control/threads/${hello.thread_id}/timeline`);
        return interventions.length === 1 && interventions[0].closed === true && interventions;
      },
      { timeoutMs: 15_000, description: 'the bot to close its intervention' },
    );
    const closes = (await stack.apiCalls()).filter(
      (call) => call.method === 'PUT' && call.path === `/1.0/interventions/${intervention.id}/close`,
    );
    expect(closes.map((call) => call.status)).toEqual([200]);
    // handover saw intervention.closed on a BOT thread: nothing to route.
    await pollUntil(
      async () =>
        (
          await stack.query(
            'SELECT 1 FROM handover.thread_facts WHERE thread_id = $1 AND intervention_id IS NULL',
            [hello.thread_id],
          )
        ).length > 0,
      { timeoutMs: 10_000, description: 'handover to see the intervention closed' },
    );
    expect(await stack.recategorizations(hello.thread_id)).toEqual([]);
    expect(await route(hello.thread_id)).toBeUndefined();
  });

  it('should hand over on an asynchronous source without checking availability, nobody being online', async () => {
    await pollUntil(
      async () =>
        (await stack.query('SELECT 1 FROM handover.source_availability WHERE available_agents > 0'))
          .length === 0,
      { timeoutMs: 10_000, description: 'every agent to be seen away' },
    );
    const asked = await stack.customerSays('I want to talk to a human', undefined, W.emailSourceId);

    const [call] = await recategorizedTo(asked.thread_id);
    expect(categoriesSent(call)).toEqual([W.agentCategoryId]);
    expect(await route(asked.thread_id)).toBe('AGENT');
  });

  it('should queue realtime threads while nobody is free, tell the customers, and hand them over first come first served', async () => {
    const first = await stack.customerSays(HUMAN_PLEASE);
    await pollUntil(async () => (await route(first.thread_id)) === 'WAITING', {
      timeoutMs: 15_000,
      description: 'first queued',
    });
    const second = await stack.customerSays(HUMAN_PLEASE);
    await pollUntil(async () => (await route(second.thread_id)) === 'WAITING', {
      timeoutMs: 15_000,
      description: 'second queued',
    });
    const third = await stack.customerSays(HUMAN_PLEASE);
    await pollUntil(async () => (await route(third.thread_id)) === 'WAITING', {
      timeoutMs: 15_000,
      description: 'third queued',
    });

    // Each was told it waits (a public reply to its request), and nothing was recategorized.
    const notices = await pollUntil(
      async () => {
        const calls = (await stack.apiCalls()).filter(
          (c) =>
            c.method === 'POST' &&
            c.path === '/1.0/contents' &&
            [first.id, second.id, third.id].includes(String(c.params.in_reply_to_id)) &&
            String(c.params.body).includes('file d’attente'),
        );
        return calls.length === 3 && calls;
      },
      { timeoutMs: 10_000, description: 'three waiting notices' },
    );
    expect(notices).toHaveLength(3);
    expect(await stack.recategorizations(first.thread_id)).toEqual([]);

    // A waiting customer who writes again keeps their place.
    await stack.customerSays('Toujours là ?', first.thread_id);

    await stack.agentOnline(W.agentUserId);
    await recategorizedTo(first.thread_id);
    expect(await route(second.thread_id)).toBe('WAITING');

    await stack.agentOnline(W.agentUserId, 'full');
    await stack.agentOnline(W.agent2UserId);
    await recategorizedTo(second.thread_id);
    expect(await route(third.thread_id)).toBe('WAITING');

    await stack.agentOnline(W.agent2UserId, 'full');
    await stack.agentOnline(W.agent3UserId);
    await recategorizedTo(third.thread_id);
    const order = (await stack.recategorizations()).map((call) => call.path);
    const position = (threadId: string) => order.findIndex((path) => path.includes(threadId));
    expect(position(first.thread_id)).toBeLessThan(position(second.thread_id));
    expect(position(second.thread_id)).toBeLessThan(position(third.thread_id));
  });

  /** An agent answers the customer's content and completes the task: RCED fires intervention.closed. */
  async function agentAnswersAndCloses(contentId: string): Promise<string> {
    const reply = await stack.control('POST', `/_control/agents/${W.agentUserId}/replies`, {
      in_reply_to_id: contentId,
      body: 'Bonjour, je suis Camille.',
    });
    const interventionId = String(reply.intervention_id);
    await stack.control('PUT', `/_control/agents/${W.agentUserId}/interventions/${interventionId}/close`);
    return interventionId;
  }

  async function handedOverOnEmail(
    text = 'I want to talk to a human',
  ): Promise<{ id: string; thread_id: string }> {
    const asked = await stack.customerSays(text, undefined, W.emailSourceId);
    await recategorizedTo(asked.thread_id);
    return asked;
  }

  async function seen(contentId: string): Promise<void> {
    await pollUntil(
      async () =>
        (
          await stack.query('SELECT 1 FROM handover.thread_facts WHERE last_customer_content_id = $1', [
            contentId,
          ])
        ).length > 0,
      { timeoutMs: 10_000, description: `content ${contentId} seen by handover` },
    );
  }

  describe('when an agent closes the intervention', () => {
    it('should give the thread back to the bot under bot-first, and keep a thread that keeps bouncing with agents', async () => {
      await stack.stopHandover();
      await stack.startHandover({ HANDOVER_REOPEN_POLICY: 'bot-first', HANDOVER_LOOP_MAX_HANDOVERS: '2' });
      const asked = await handedOverOnEmail();
      await agentAnswersAndCloses(asked.id);

      const [, back] = await recategorizedTo(asked.thread_id, 2);
      expect(categoriesSent(back)).toEqual([W.botCategoryId]);
      // The customer writes again (the intervention reopens): the bot handles the first level again.
      const again = await stack.customerSays(
        'Bonjour, encore une question',
        asked.thread_id,
        W.emailSourceId,
      );
      await pollUntil(async () => (await botRepliesTo(again.id)) === 1, {
        timeoutMs: 15_000,
        description: 'the bot to answer again',
      });

      // Second handover within the loop window, then the agent closes: it stays with agents.
      const human = await stack.customerSays('I want to talk to a human', asked.thread_id, W.emailSourceId);
      await recategorizedTo(asked.thread_id, 3);
      await agentAnswersAndCloses(human.id);
      await pollUntil(
        async () =>
          (
            await stack.query(
              `SELECT 1 FROM handover.outbox_message WHERE key = $1 AND value::jsonb->>'type' = 'thread.kept_with_agents'`,
              [asked.thread_id],
            )
          ).length > 0,
        { timeoutMs: 15_000, description: 'loop protection to keep the thread with agents' },
      );
      expect(await stack.recategorizations(asked.thread_id)).toHaveLength(3);
      expect(await route(asked.thread_id)).toBe('AGENT');
    });

    it('should close the thread under close-thread', async () => {
      await stack.stopHandover();
      await stack.startHandover({ HANDOVER_REOPEN_POLICY: 'close-thread' });
      const asked = await handedOverOnEmail();
      await agentAnswersAndCloses(asked.id);

      const close = await pollUntil(
        async () =>
          (await stack.apiCalls()).find(
            (call) => call.method === 'PUT' && call.path === `/1.0/content_threads/${asked.thread_id}/close`,
          ),
        { timeoutMs: 15_000, description: 'the thread to be closed' },
      );
      expect(close.status).toBe(200);
      expect(await stack.recategorizations(asked.thread_id)).toHaveLength(1);
    });

    it('should leave the thread with the agent under agent-first, also when the customer reopens it', async () => {
      await stack.stopHandover();
      await stack.startHandover({ HANDOVER_REOPEN_POLICY: 'agent-first' });
      const asked = await handedOverOnEmail();
      await agentAnswersAndCloses(asked.id);
      const reopening = await stack.customerSays('One more thing', asked.thread_id, W.emailSourceId);
      await seen(reopening.id);
      const reopened = (
        await stack.control('GET', `/_control/threads/${asked.thread_id}/timeline`)
      ).events.filter((event) => event.type === 'intervention.reopened');
      expect(reopened).toHaveLength(1);

      expect(await stack.recategorizations(asked.thread_id)).toHaveLength(1);
      expect(await botRepliesTo(reopening.id)).toBe(0);
      expect(await route(asked.thread_id)).toBe('AGENT');
    });
  });

  it('should move every live bot thread to agents within the quota during an emergency, and new ones too, until switched off', async () => {
    const QUOTA = 40;
    await stack.stopHandover();
    await stack.startHandover({
      ENGAGE_QUOTA_CALLS: String(QUOTA),
      ENGAGE_QUOTA_WINDOW_MS: '1000',
      ENGAGE_QUOTA_RESERVED_FOR_REPLIES: '10',
    });
    const threads: string[] = [];
    for (let i = 0; i < 200; i += 1) {
      threads.push((await stack.customerSays(`Bonjour ${i}`)).thread_id);
    }
    await pollUntil(
      async () =>
        (
          await stack.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM handover.thread_facts WHERE thread_id = ANY($1)',
            [threads],
          )
        )[0].n === threads.length,
      { timeoutMs: 60_000, description: 'handover to know the 200 bot threads' },
    );
    const before = (await stack.recategorizations()).length;

    await stack.switchEmergency(true);
    const moved = await pollUntil(
      async () => {
        const calls = (await stack.recategorizations()).filter((call) =>
          threads.some((thread) => call.path.includes(thread)),
        );
        return calls.length >= threads.length && calls;
      },
      { timeoutMs: 60_000, description: 'the 200 threads to be moved to AGENT' },
    );
    expect(new Set(moved.map((call) => call.path)).size).toBe(threads.length);
    expect(
      moved.every(
        (call) =>
          call.status === 200 && JSON.stringify(categoriesSent(call)) === JSON.stringify([W.agentCategoryId]),
      ),
    ).toBe(true);
    // Paced: never more than the quota in any sliding second, and no 429 from the platform.
    const times = (await stack.recategorizations()).slice(before).map((call) => call.at);
    const busiest = Math.max(
      ...times.map((start) => times.filter((t) => t >= start && t < start + 1_000).length),
    );
    expect(busiest).toBeLessThanOrEqual(QUOTA);
    expect((await stack.recategorizations()).filter((call) => call.status === 429)).toEqual([]);

    // RCED's own step of the seed: the sources' default category is AGENT now, so a new conversation
    // reaches agents without a recategorization, even were we down; the bot stays silent.
    const during = await stack.customerSays('Bonjour, nouvelle conversation');
    const duringThread = await stack.control('GET', `/_control/threads/${during.thread_id}/timeline`);
    expect((duringThread.thread as { thread_category_ids: string[] }).thread_category_ids).toEqual([
      W.agentCategoryId,
    ]);
    await seen(String(during.id));
    expect(await botRepliesTo(during.id)).toBe(0);

    // Switched off: normal routing again.
    await stack.switchEmergency(false);
    await pollUntil(
      async () =>
        (
          await stack.query(`SELECT active FROM handover.emergency_switch ORDER BY issued_at DESC LIMIT 1`)
        ).some((row) => (row as { active: boolean }).active === false),
      { timeoutMs: 10_000, description: 'the emergency to end in handover' },
    );
    // The sources' defaults are restored exactly: a new conversation is the bot's again.
    await pollUntil(
      async () => {
        const source = await stack.simulator.request('GET', `/1.0/content_sources/${W.sourceId}`, {
          token: 'bot-token',
        });
        return JSON.stringify(source.body.default_category_ids) === JSON.stringify([W.botCategoryId]);
      },
      { timeoutMs: 15_000, description: "the chat source's BOT default to be restored" },
    );
    const after = await stack.customerSays('Bonjour, après l’urgence');
    await pollUntil(async () => (await botRepliesTo(after.id)) === 1, {
      timeoutMs: 20_000,
      description: 'the bot to answer after the emergency',
    });
    expect(await stack.recategorizations(after.thread_id)).toEqual([]);
  }, 180_000);

  it('should give a waiting customer who asks for the bot back to it, tell them, and let the bot answer again', async () => {
    const waiting = await stack.customerSays(HUMAN_PLEASE);
    await pollUntil(async () => (await route(waiting.thread_id)) === 'WAITING', {
      timeoutMs: 15_000,
      description: 'the customer queued',
    });

    const asked = await stack.customerSays('Robot !', waiting.thread_id);

    await pollUntil(async () => (await route(waiting.thread_id)) === 'BOT', {
      timeoutMs: 15_000,
      description: 'the thread back with the bot',
    });
    const told = await pollUntil(
      async () =>
        (await stack.apiCalls()).find(
          (c) =>
            c.method === 'POST' &&
            c.path === '/1.0/contents' &&
            String(c.params.in_reply_to_id) === asked.id &&
            String(c.params.body).includes('je reprends la conversation'),
        ),
      { timeoutMs: 10_000, description: 'the customer told the bot is back' },
    );
    expect(told).toBeDefined();
    // It never left BOT on RCED while it waited: nothing to recategorize.
    expect(await stack.recategorizations(waiting.thread_id)).toEqual([]);

    const again = await stack.customerSays('Bonjour, où en est ma commande ?', waiting.thread_id);
    await pollUntil(async () => (await botRepliesTo(again.id)) === 1, {
      timeoutMs: 15_000,
      description: 'the bot to answer again',
    });
  }, 60_000);

  it('should end a wait nobody answered by the fallback: back to the bot, except for a customer who asked for a human', async () => {
    await stack.stopHandover();
    await stack.startHandover({ HANDOVER_WAITING_TIMEOUT_MS: '1500', HANDOVER_WAITING_FALLBACK: 'bot' });
    const billing = await stack.customerSays("J'ai une question sur ma facture");
    const human = await stack.customerSays(HUMAN_PLEASE);
    // The wait lasts 1.5 s: read its event, which stays, not the route, which a slow poll can miss.
    await pollUntil(
      async () =>
        (
          await stack.query(
            `SELECT 1 FROM handover.outbox_message WHERE key = $1 AND value::jsonb->>'type' = 'handover.queued'`,
            [billing.thread_id],
          )
        ).length > 0,
      // handover has just restarted: its consumer rejoins the group first.
      { timeoutMs: 30_000, description: 'the billing question to wait' },
    );

    // Nobody came: the billing question goes back to the bot (it never left BOT on RCED: read, not
    // written again), the human request to agents anyway.
    await pollUntil(async () => (await route(billing.thread_id)) === 'BOT', {
      timeoutMs: 20_000,
      description: 'the billing question back with the bot',
    });
    const [handed] = await recategorizedTo(human.thread_id);
    expect(categoriesSent(handed)).toEqual([W.agentCategoryId]);

    // The bot, silent while the customer waited, answers again.
    const again = await stack.customerSays('Bonjour, vous êtes là ?', billing.thread_id);
    await pollUntil(async () => (await botRepliesTo(again.id)) === 1, {
      timeoutMs: 15_000,
      description: 'the bot to answer after the wait ended',
    });
    expect(await stack.recategorizations(billing.thread_id)).toEqual([]);
  }, 90_000);

  it('should rebuild the same projection by replay, from the log alone, without a single platform call', async () => {
    const callsBefore = (await stack.apiCalls()).filter(
      (call) => !call.path.startsWith('/1.0/status'),
    ).length;
    await stack.stopHandover();

    const report = await replayHandover(loadHandoverConfig(stack.handoverEnv), { timeoutMs: 60_000 });

    expect(report.differences).toEqual([]);
    const routes = await stack.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM handover_replay.thread_route',
    );
    expect(routes[0].n).toBeGreaterThan(200);
    const callsAfter = (await stack.apiCalls()).filter((call) => !call.path.startsWith('/1.0/status')).length;
    expect(callsAfter).toBe(callsBefore);
  }, 120_000);
});
