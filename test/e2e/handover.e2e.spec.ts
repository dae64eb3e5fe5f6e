import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { pollUntil } from '../infra';
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

  it("should hand the seed's thread over with exactly current − BOT + AGENT when an agent is available, with a private note", async () => {
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
    const note = await pollUntil(
      async () =>
        (await stack.apiCalls()).find(
          (c) =>
            c.method === 'POST' &&
            c.path === '/1.0/contents' &&
            c.params.private !== undefined &&
            c.params.in_reply_to_id === asked.id,
        ),
      { timeoutMs: 10_000, description: 'the private note for the agent' },
    );
    expect(String(note.params.body)).toContain(HUMAN_PLEASE);
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
});
