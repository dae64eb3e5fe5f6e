import { randomUUID } from 'node:crypto';
import { WALKTHROUGH as W } from '../../apps/engage-simulator/src/platform/platform-seed';
import { pollUntil } from '../infra';
import { TEST_WEBHOOK_SECRET } from '../support/gateway-harness';
import { type ApiCallRecord } from '../support/bot-stack';
import { type HandoverStack, startHandoverStack } from '../support/handover-stack';

const HUMAN_PLEASE = 'Je voudrais parler à un conseiller';
const HUMAN_PLEASE_EN = 'I want to talk to a human';

/**
 * handover against what RCED documents rather than what we assumed (ADR 0008): the platform's
 * categories are the truth, nothing is dropped or assumed done, customers are told as their source
 * needs, emergencies compose and follow the seed. Every rule is enforced by the simulator.
 */
describe('handover on the documented platform', () => {
  let stack: HandoverStack;

  beforeAll(async () => {
    stack = await startHandoverStack();
    await stack.startBot();
    await stack.startPoller({ AVAILABILITY_SOURCE_IDS: `${W.sourceId},${W.secondChatSourceId}` });
    await stack.startHandover();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  afterEach(async () => {
    await stack.control('DELETE', '/_control/faults');
    for (const agent of [W.agentUserId, W.agent2UserId, W.agent3UserId]) {
      await stack.agentAway(agent);
    }
  });

  const restartHandover = async (env: Record<string, string>): Promise<void> => {
    await stack.stopHandover();
    await stack.startHandover({
      HANDOVER_REALTIME_SOURCE_IDS: `${W.sourceId},${W.secondChatSourceId}`,
      ...env,
    });
  };

  const route = async (threadId: string): Promise<string | undefined> =>
    (
      await stack.query<{ route: string }>('SELECT route FROM handover.thread_route WHERE thread_id = $1', [
        threadId,
      ])
    )[0]?.route;

  const routeBecomes = (threadId: string, expected: string, description: string): Promise<unknown> =>
    pollUntil(async () => (await route(threadId)) === expected, { timeoutMs: 30_000, description });

  /** handover's events about a thread, in the order it decided them. */
  const eventsOf = async (threadId: string): Promise<Array<Record<string, string>>> =>
    (
      await stack.query<{ value: Record<string, string> }>(
        `SELECT value::jsonb AS value FROM handover.outbox_message WHERE key = $1 ORDER BY id`,
        [threadId],
      )
    ).map((row) => row.value);

  const contentPosts = async (inReplyToId: string): Promise<ApiCallRecord[]> =>
    (await stack.apiCalls()).filter(
      (call) =>
        call.method === 'POST' && call.path === '/1.0/contents' && call.params.in_reply_to_id === inReplyToId,
    );

  const seen = (contentId: string): Promise<unknown> =>
    pollUntil(
      async () =>
        (
          await stack.query('SELECT 1 FROM handover.thread_facts WHERE last_customer_content_id = $1', [
            contentId,
          ])
        ).length > 0,
      { timeoutMs: 15_000, description: `content ${contentId} seen by handover` },
    );

  const botAnswered = (contentId: string): Promise<unknown> =>
    pollUntil(async () => (await stack.repliesByContent()).has(contentId), {
      timeoutMs: 20_000,
      description: `the bot to answer ${contentId}`,
    });

  const handedOverOnEmail = async (): Promise<{ id: string; thread_id: string }> => {
    const asked = await stack.customerSays(HUMAN_PLEASE_EN, undefined, W.emailSourceId);
    await routeBecomes(String(asked.thread_id), 'AGENT', 'the email thread handed over');
    await pollUntil(async () => (await stack.recategorizations(String(asked.thread_id))).length === 1, {
      timeoutMs: 20_000,
      description: 'its recategorization',
    });
    return { id: String(asked.id), thread_id: String(asked.thread_id) };
  };

  it('should tell a waiting chat customer privately that they wait, and remind them at most once per interval when they write again', async () => {
    await restartHandover({ HANDOVER_WAITING_REMINDER_MS: '3000' });
    const asked = await stack.customerSays(HUMAN_PLEASE);
    const threadId = String(asked.thread_id);
    await routeBecomes(threadId, 'WAITING', 'the customer to wait');
    const [notice] = await pollUntil(async () => {
      const posts = (await contentPosts(String(asked.id))).filter((c) =>
        String(c.params.body).includes('file d’attente'),
      );
      return posts.length > 0 && posts;
    });
    expect(notice.params.private).toBe('true');
    const queuedAt = Date.now();

    const early = await stack.customerSays('Allô ?', threadId);
    // The rule under test is about time: the reminder interval has to pass.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, queuedAt + 3_200 - Date.now())));
    const late = await stack.customerSays('Toujours personne ?', threadId);
    const later = await stack.customerSays('Hé ho ?', threadId);
    await seen(String(later.id));

    const reminders = (await eventsOf(threadId)).filter(
      (event) => event.type === 'handover.wait_acknowledged',
    );
    expect(reminders).toHaveLength(1);
    const reminded = [early, late, later]
      .map((m) => String(m.id))
      .find((id) => id === reminders[0].content_id)!;
    const [reminder] = await pollUntil(async () => {
      const posts = await contentPosts(reminded);
      return posts.length > 0 && posts;
    });
    expect(reminder.params).toMatchObject({ private: 'true' });
    expect(String(reminder.params.body)).toContain('toujours en file');
    expect(
      (await stack.customerView(threadId)).filter((line) => line.from === 'brand').map((l) => l.body),
    ).toEqual([
      expect.stringContaining('conseiller'),
      expect.stringContaining('file d’attente'),
      expect.stringContaining('toujours en file'),
    ]);
  });

  it('should tell a waiting customer they wait even before the bot has opened its intervention', async () => {
    // The bot's POST /interventions is slow: handover's notice reaches RCED first, on a message under
    // no open intervention, which RCED refuses (422) until one is opened.
    await stack.control('PUT', '/_control/faults', {
      endpoint: 'POST /interventions',
      latency_ms: 3_000,
      remaining: 1,
    });
    const asked = await stack.customerSays(HUMAN_PLEASE);

    const notice = await pollUntil(
      async () =>
        (await stack.customerView(String(asked.thread_id))).find((line) =>
          line.body.includes('file d’attente'),
        ),
      { timeoutMs: 20_000, description: 'the waiting notice to reach the customer' },
    );

    expect(notice.private).toBe(true);
    const posts = (await contentPosts(String(asked.id))).filter((c) =>
      String(c.params.body).includes('file d’attente'),
    );
    expect(posts.map((call) => call.status)).toEqual([422, 200]);
  });

  it('should tell a customer handed over by the agent fallback that nobody is online, rather than hand them to nobody silently', async () => {
    await restartHandover({ HANDOVER_WAITING_TIMEOUT_MS: '1500', HANDOVER_WAITING_FALLBACK: 'agent' });
    const asked = await stack.customerSays(HUMAN_PLEASE);
    const threadId = String(asked.thread_id);

    await routeBecomes(threadId, 'AGENT', 'the fallback to hand the customer over');

    const handedOver = (await eventsOf(threadId)).find((event) => event.type === 'thread.handed_over');
    expect(handedOver).toMatchObject({ trigger: 'waiting_timeout', offline_notice: true });
    const offline = await pollUntil(async () =>
      (await stack.customerView(threadId)).find((line) => line.body.includes('Aucun conseiller')),
    );
    expect(offline.private).toBe(true);
  });

  it('should follow an agent who takes a bot thread in the console, and one who gives it back, without calling RCED', async () => {
    const hello = await stack.customerSays('Bonjour');
    const threadId = String(hello.thread_id);
    await botAnswered(String(hello.id));

    await stack.control('PUT', `/_control/agents/${W.agentUserId}/threads/${threadId}/categories`, {
      category_ids: [W.agentCategoryId],
    });
    await routeBecomes(threadId, 'AGENT', 'handover to follow the move to AGENT');
    await stack.control('PUT', `/_control/agents/${W.agentUserId}/threads/${threadId}/categories`, {
      category_ids: [W.botCategoryId],
    });
    await routeBecomes(threadId, 'BOT', 'handover to follow the move back to BOT');
    const again = await stack.customerSays('Où en est ma commande ?', threadId);
    await botAnswered(String(again.id));

    const moves = (await eventsOf(threadId)).filter((event) => event.type !== 'handover.requested');
    expect(moves.map((event) => `${event.type}/${event.trigger}`)).toEqual([
      'thread.handed_over/console',
      'thread.returned_to_bot/console',
    ]);
    expect(await stack.recategorizations(threadId)).toEqual([]);
  });

  it('should get a customer out of a handover RCED refused: the bot answers again and the next request goes through', async () => {
    await stack.control('PUT', '/_control/faults', {
      endpoint: 'PUT /content_threads/:id/update_categories',
      error_rate: 1,
      error_status: 422,
      remaining: 1,
    });
    const asked = await stack.customerSays(HUMAN_PLEASE_EN, undefined, W.emailSourceId);
    const threadId = String(asked.thread_id);
    await pollUntil(
      async () => (await eventsOf(threadId)).some((event) => event.trigger === 'handover_failed'),
      { timeoutMs: 30_000, description: 'the refused handover to give the thread back' },
    );
    expect(await route(threadId)).toBe('BOT');
    await pollUntil(
      async () =>
        (
          await stack.query(
            'SELECT 1 FROM bot_responder.bot_thread_routing WHERE thread_id = $1 AND returned_to_bot_at IS NOT NULL',
            [threadId],
          )
        ).length > 0,
      { timeoutMs: 15_000, description: 'the bot to know the thread is its own again' },
    );

    const again = await stack.customerSays(HUMAN_PLEASE_EN, threadId, W.emailSourceId);
    await routeBecomes(threadId, 'AGENT', 'the second request to go through');

    await botAnswered(String(again.id));
    // The route is decided first; its update_categories is an effect made right after.
    const calls = await pollUntil(
      async () => {
        const made = await stack.recategorizations(threadId);
        return made.length >= 2 && made;
      },
      { timeoutMs: 15_000, description: 'the second update_categories' },
    );
    expect(calls.map((call) => call.status)).toEqual([422, 200]);
  });

  it('should never let a close issued before the handover, or the bot’s own close, undo it', async () => {
    await restartHandover({ HANDOVER_REOPEN_POLICY: 'bot-first' });
    const asked = await handedOverOnEmail();
    const post = async (userId: string, issuedAt: Date): Promise<void> => {
      const response = await fetch(`${stack.gateway.url}/webhooks/engage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dimelo-secret': TEST_WEBHOOK_SECRET },
        body: JSON.stringify({
          id: randomUUID(),
          domain_id: '582af25a799fc247acfcde38',
          events: [
            {
              type: 'intervention.closed',
              id: randomUUID(),
              issued_at: issuedAt.toISOString(),
              user_id: userId,
              resource: {
                type: 'intervention',
                id: randomUUID().replace(/-/g, '').slice(0, 24),
                metadata: { thread_id: asked.thread_id, source_id: W.emailSourceId, user_id: userId },
              },
            },
          ],
        }),
      });
      expect(response.status).toBe(200);
    };

    await post(W.agentUserId, new Date(Date.now() - 60_000));
    await post(W.botUserId, new Date());
    const marker = await stack.customerSays('One more thing', asked.thread_id, W.emailSourceId);
    await seen(String(marker.id));

    expect(await route(asked.thread_id)).toBe('AGENT');
    expect(await stack.recategorizations(asked.thread_id)).toHaveLength(1);
    expect((await stack.repliesByContent()).has(String(marker.id))).toBe(false);
  });

  it('should let the bot take over the reopened agent intervention after a bot-first return, reply in it and close it', async () => {
    await restartHandover({ HANDOVER_REOPEN_POLICY: 'bot-first' });
    const asked = await handedOverOnEmail();
    const reply = await stack.control('POST', `/_control/agents/${W.agentUserId}/replies`, {
      in_reply_to_id: asked.id,
      body: 'Hello, Camille here.',
    });
    const interventionId = String(reply.intervention_id);
    await stack.control('PUT', `/_control/agents/${W.agentUserId}/interventions/${interventionId}/close`);
    await routeBecomes(asked.thread_id, 'BOT', 'the thread back with the bot');
    await pollUntil(async () => (await stack.recategorizations(asked.thread_id)).length === 2, {
      timeoutMs: 20_000,
      description: 'the thread recategorized back to BOT on RCED',
    });

    // The customer writes again: RCED reopens the agent's intervention.
    const again = await stack.customerSays('Bonjour, encore une question', asked.thread_id, W.emailSourceId);
    await botAnswered(String(again.id));
    const bye = await stack.customerSays('Merci, au revoir', asked.thread_id, W.emailSourceId);
    const close = await pollUntil(
      async () =>
        (await stack.apiCalls()).find(
          (call) => call.method === 'PUT' && call.path === `/1.0/interventions/${interventionId}/close`,
        ),
      { timeoutMs: 20_000, description: 'the bot to close the intervention it resolved' },
    );

    expect((await stack.repliesByContent()).get(String(bye.id))).toBe(1);
    expect(close.status).toBe(200);
    // Never refused for not owning it: the bot works in an intervention it holds (its own, or the
    // reopened one it took over).
    const closes = (await stack.apiCalls()).filter(
      (call) => call.method === 'PUT' && /^\/1\.0\/interventions\/[^/]+\/close$/.test(call.path),
    );
    const threadInterventions = (
      (await stack.control('GET', `/_control/threads/${asked.thread_id}/timeline`)).interventions as Array<{
        id: string;
      }>
    ).map((item) => item.id);
    expect(
      closes
        .filter((call) => threadInterventions.some((id) => call.path.includes(id)))
        .map((call) => call.status),
    ).toEqual([200]);
  });

  it('should keep a chat thread with its agents when RCED refuses to close it under close-thread, and never call it closed', async () => {
    await restartHandover({ HANDOVER_REOPEN_POLICY: 'close-thread' });
    await stack.agentOnline(W.agentUserId);
    await pollUntil(
      async () =>
        (await stack.query('SELECT 1 FROM handover.source_availability WHERE available_agents > 0')).length >
        0,
      { timeoutMs: 10_000, description: 'the agent to be seen available' },
    );
    const asked = await stack.customerSays(HUMAN_PLEASE);
    const threadId = String(asked.thread_id);
    await routeBecomes(threadId, 'AGENT', 'the chat thread handed over');
    const reply = await stack.control('POST', `/_control/agents/${W.agentUserId}/replies`, {
      in_reply_to_id: asked.id,
      body: 'Bonjour, ici Camille.',
    });
    await stack.control(
      'PUT',
      `/_control/agents/${W.agentUserId}/interventions/${String(reply.intervention_id)}/close`,
    );

    await pollUntil(async () => (await eventsOf(threadId)).some((event) => event.rule === 'close_refused'), {
      timeoutMs: 20_000,
      description: 'the refusal to be recorded',
    });

    const closes = (await stack.apiCalls()).filter(
      (call) => call.path === `/1.0/content_threads/${threadId}/close`,
    );
    expect(closes.map((call) => call.status)).toEqual([403]);
    expect((await eventsOf(threadId)).map((event) => event.type)).not.toContain('thread.closed');
    expect(
      (
        await stack.query<{ closed: boolean; route: string }>(
          'SELECT closed, route FROM handover.thread_route WHERE thread_id = $1',
          [threadId],
        )
      )[0],
    ).toEqual({ closed: false, route: 'AGENT' });
  });

  it('should not hand two threads of two chat sources on one channel to its only available agent', async () => {
    await restartHandover({});
    await stack.agentOnline(W.agentUserId);
    await pollUntil(
      async () =>
        (await stack.query('SELECT 1 FROM handover.source_availability WHERE available_agents > 0'))
          .length === 2,
      { timeoutMs: 10_000, description: 'the agent to be seen on both sources of the channel' },
    );
    const first = await stack.customerSays(HUMAN_PLEASE);
    const second = await stack.customerSays(HUMAN_PLEASE, undefined, W.secondChatSourceId);

    await pollUntil(
      async () => {
        const routes = [await route(String(first.thread_id)), await route(String(second.thread_id))];
        return routes.includes('AGENT') && routes.includes('WAITING') && routes;
      },
      { timeoutMs: 30_000, description: 'one handed over, the other waiting' },
    ).catch(async (error: Error) => {
      const seen = {
        availability: await stack.query('SELECT * FROM handover.source_availability'),
        first: await eventsOf(String(first.thread_id)),
        second: await eventsOf(String(second.thread_id)),
      };
      throw new Error(`${error.message}\n${JSON.stringify(seen)}`);
    });
  });

  describe('emergency', () => {
    const sourceDefaults = async (sourceId: string): Promise<string[]> =>
      (await stack.simulator.request('GET', `/1.0/content_sources/${sourceId}`, { token: 'bot-token' })).body
        .default_category_ids as string[];

    const defaultsBecome = (sourceId: string, expected: string[], description: string): Promise<unknown> =>
      pollUntil(async () => JSON.stringify(await sourceDefaults(sourceId)) === JSON.stringify(expected), {
        timeoutMs: 20_000,
        description,
      });

    it("should compose switches by source and globally, and restore exactly the sources' default categories", async () => {
      await restartHandover({});
      await stack.switchEmergency(true, [W.emailSourceId]);
      await defaultsBecome(W.emailSourceId, [W.agentCategoryId], 'the email source to default to AGENT');
      expect(await sourceDefaults(W.sourceId)).toEqual([W.botCategoryId]);

      await stack.switchEmergency(true, 'all');
      await defaultsBecome(W.sourceId, [W.agentCategoryId], 'every bot source to default to AGENT');

      // Switching the email source off does not end the global emergency that still covers it.
      await stack.switchEmergency(false, [W.emailSourceId]);
      const marker = await stack.customerSays('Bonjour', undefined, W.emailSourceId);
      await seen(String(marker.id));
      expect(await sourceDefaults(W.emailSourceId)).toEqual([W.agentCategoryId]);
      expect((await stack.repliesByContent()).has(String(marker.id))).toBe(false);

      await stack.switchEmergency(false, 'all');
      await defaultsBecome(W.sourceId, [W.botCategoryId], 'the chat source restored');
      await defaultsBecome(W.emailSourceId, [W.botCategoryId], 'the email source restored');
      const after = await stack.customerSays('Bonjour', undefined, W.emailSourceId);
      await botAnswered(String(after.id));
    });

    it('should move the most recently active threads first, let a normal handover through, and cancel the moves not made when switched off', async () => {
      await restartHandover({
        HANDOVER_EMERGENCY_MOVES_IN_FLIGHT: '2',
        // The poller (GET /status every 200 ms) spends about 5 low-priority calls of every second:
        // the moves get the rest of the low share, a few a second, the normal handover the reserve.
        ENGAGE_QUOTA_CALLS: '10',
        ENGAGE_QUOTA_WINDOW_MS: '1000',
        ENGAGE_QUOTA_RESERVED_FOR_REPLIES: '2',
      });
      const threads: string[] = [];
      for (let i = 0; i < 30; i += 1) {
        const hello = await stack.customerSays(`Bonjour ${i}`);
        await botAnswered(String(hello.id));
        threads.push(String(hello.thread_id));
      }

      await stack.switchEmergency(true, [W.sourceId]);
      await pollUntil(
        async () =>
          (await stack.recategorizations()).filter((c) => threads.some((t) => c.path.includes(t))).length >=
          2,
        { timeoutMs: 20_000, description: 'the first emergency moves' },
      );
      const normal = await stack.customerSays(HUMAN_PLEASE_EN, undefined, W.emailSourceId);
      await routeBecomes(String(normal.thread_id), 'AGENT', 'the normal handover during the emergency');
      await pollUntil(async () => (await stack.recategorizations(String(normal.thread_id))).length === 1, {
        timeoutMs: 20_000,
        description: 'the normal handover to be sent',
      });
      await stack.switchEmergency(false, [W.sourceId]);
      await pollUntil(
        async () =>
          (
            await stack.query(
              `SELECT 1 FROM handover.effect WHERE status = 'pending' AND payload->>'emergency' = 'true'`,
            )
          ).length === 0,
        { timeoutMs: 20_000, description: 'no emergency move left to make' },
      );

      const moved = (await stack.recategorizations())
        .filter((call) => threads.some((thread) => call.path.includes(thread)))
        .map((call) => threads.findIndex((thread) => call.path.includes(thread)));
      const normalAt = (await stack.recategorizations()).findIndex((call) =>
        call.path.includes(String(normal.thread_id)),
      );
      const movedBeforeNormal = (await stack.recategorizations())
        .slice(0, normalAt)
        .filter((call) => threads.some((thread) => call.path.includes(thread))).length;
      // Most recently active first: the moves made went to the newest threads, in that order.
      expect(moved).toEqual([...moved].sort((a, b) => b - a));
      expect(moved.length).toBeLessThan(threads.length);
      // The normal handover waited behind a few emergency moves at most, not the whole backlog.
      expect(movedBeforeNormal).toBeLessThanOrEqual(6);
      // No thread is left AGENT in our routing whose move was never made (cancelled ones are given back).
      const wrong: unknown[] = [];
      for (const [index, thread] of threads.entries()) {
        if (((await route(thread)) === 'AGENT') !== moved.includes(index)) {
          const effects = await stack.query(
            'SELECT id, status, attempts FROM handover.effect WHERE sequence_key = $1',
            [thread],
          );
          const events = (await eventsOf(thread)).map((event) => `${event.type}/${event.trigger ?? ''}`);
          wrong.push({ index, route: await route(thread), events, effects });
        }
      }
      expect(wrong).toEqual([]);
      const untouched = threads.find((_, index) => !moved.includes(index))!;
      expect(await route(untouched)).not.toBe('AGENT');
      const again = await stack.customerSays('Bonjour ?', untouched);
      await botAnswered(String(again.id));
    }, 120_000);
  });
});
