import { setTimeout as pace } from 'node:timers/promises';
import { Client } from 'pg';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { pollUntil } from '../infra';
import { freePort } from '../infra/free-port.util';
import { type BotProcess, type ProcessExit, spawnBotResponder } from '../support/bot-process';
import { type BotStack, startBotStack } from '../support/bot-stack';
import { type BotTurnV1 } from '../../apps/bot-responder/src/bot-engine/contract/bot-contract';
import { json, startStandInBot } from '../../apps/bot-responder/src/bot-engine/testing/stand-in-bot';

interface PlatformEventView {
  type: string;
  resource: { id: string; metadata: Record<string, unknown> };
}

const MESSAGES = 500;
const KILL_AFTER = [100, 250, 400];
/** Load pacing of the customer stream, so the kills land while the bot is at work. */
const PACE_MS = 20;
// Answered with a normal reply: no resolve ("merci"), no handover ("conseiller", "service client"),
// no fallback (two in a row hand over, and the thread's later messages would rightly go unanswered).
const TEXTS = [
  'Bonjour, où en est ma commande ?',
  'Bonjour',
  'Je voudrais réinitialiser mon mot de passe',
  'Quels sont vos horaires ?',
  'Où est mon colis ?',
];

interface Step {
  text: string;
  /** Index of a conversation of several messages, or null for a thread of its own. */
  conversation: number | null;
}

/**
 * 250 threads of one message, interleaved with 50 threads of five messages, ten of them running at
 * a time, so a thread's messages are spread over the stream and across the kills.
 */
function plan(): Step[] {
  return Array.from({ length: MESSAGES }, (_, i) => {
    const text = TEXTS[i % TEXTS.length];
    if (i % 2 === 0) {
      return { text, conversation: null };
    }
    const j = (i - 1) / 2;
    return { text, conversation: Math.floor(j / 50) * 10 + (j % 10) };
  });
}

/**
 * The turns the bot answered: the asked ones (a burst written while a remote bot was thinking is one
 * turn), and every other message a turn of its own (an in-process engine answers each at once).
 */
function turnsOf(messages: readonly string[], asked: readonly string[][]): string[][] {
  const inAsked = new Set(asked.flat());
  return [...asked, ...messages.filter((id) => !inAsked.has(id)).map((id) => [id])];
}

/** Each message → the turn's latest message, which the reply answers. */
function answeringMessages(turns: readonly string[][]): Map<string, string> {
  return new Map(turns.flatMap((turn) => turn.map((id) => [id, turn[turn.length - 1]] as const)));
}

describe('bot-responder process', () => {
  let stack: BotStack;
  let bot: BotProcess | undefined;
  const outputs: string[] = [];

  const startBot = async (env: Record<string, string> = {}): Promise<BotProcess> => {
    const started = spawnBotResponder({ ...stack.botEnv, LOG_LEVEL: 'warn', ...env }, await freePort());
    bot = started;
    await started.live();
    return started;
  };

  /** The bot's turns, oldest first, each the content ids it was asked about, oldest first. */
  const turns = async (): Promise<string[][]> =>
    (
      await stack.query<{ ids: string[] }>(
        `SELECT ARRAY(SELECT m->>'contentId' FROM jsonb_array_elements(payload->'turn'->'messages') AS m) AS ids
         FROM bot_responder.effect WHERE kind = 'ask_bot' ORDER BY seq`,
      )
    ).map((row) => row.ids);

  const platformEvents = async (): Promise<PlatformEventView[]> =>
    (await stack.simulator.request('GET', '/_control/events')).body as unknown as PlatformEventView[];

  const explain = async (message: string): Promise<string> =>
    [
      message,
      await stack.diagnose(),
      ...outputs.map((output, i) => `--- bot-responder #${i + 1} output ---\n${output.slice(-4_000)}`),
      `--- current bot-responder output ---\n${bot?.output().slice(-4_000) ?? ''}`,
    ].join('\n');

  beforeAll(async () => {
    stack = await startBotStack();
  }, 120_000);

  afterAll(async () => {
    if (bot?.alive()) {
      bot.child.kill('SIGKILL');
      await bot.exit;
    }
    await stack?.close();
  }, 60_000);

  it('should answer every message exactly once (a burst as one turn) when the process is killed with SIGKILL mid-stream and restarted', async () => {
    const startedAt = Date.now();
    let current = await startBot();
    const customerIds: string[] = [];
    const conversations = new Map<number, { threadId: string; contentIds: string[] }>();
    const exits: ProcessExit[] = [];
    const answeredAtKill: number[] = [];

    for (const [i, step] of plan().entries()) {
      const conversation = step.conversation === null ? undefined : conversations.get(step.conversation);
      const message = await stack.customerSays(step.text, conversation?.threadId);
      const contentId = String(message.id);
      customerIds.push(contentId);
      if (step.conversation !== null) {
        const threadId = String(message.thread_id);
        conversations.set(step.conversation, {
          threadId,
          contentIds: [...(conversation?.contentIds ?? []), contentId],
        });
      }

      if (KILL_AFTER.includes(i + 1)) {
        // This incarnation has posted replies of its own: the kill lands on a process at work.
        const before = answeredAtKill.at(-1) ?? 0;
        const answered = await pollUntil(
          async () => {
            const replies = await stack.repliesByContent();
            return replies.size > before && replies.size;
          },
          { timeoutMs: 60_000, description: `bot-responder #${exits.length + 1} to post a reply` },
        ).catch(async (error: Error) => {
          throw new Error(await explain(error.message));
        });
        answeredAtKill.push(answered);
        current.child.kill('SIGKILL');
        exits.push(await current.exit);
        outputs.push(current.output());
        current = await startBot();
      }
      await pace(PACE_MS);
    }

    const sentAt = Date.now();
    // Messages a customer sends while the bot is thinking are its next turn, together, answered
    // once (a reply to the turn's latest message): every message must be in one turn, answered.
    const unanswered = async (): Promise<string[]> => {
      const replies = await stack.repliesByContent();
      const answeredBy = answeringMessages(turnsOf(customerIds, await turns()));
      return customerIds.filter((id) => !replies.has(answeredBy.get(id) ?? id));
    };
    await pollUntil(async () => (await unanswered()).length === 0, {
      timeoutMs: 120_000,
      intervalMs: 500,
      description: `an answer to each of the ${MESSAGES} messages`,
    }).catch(async (error: Error) => {
      const left = await unanswered();
      throw new Error(await explain(`${error.message}; unanswered (${left.length}): ${left.join(', ')}`));
    });
    const answeredAt = Date.now();
    // At rest (no effect left to run) before counting, so a late second reply would be seen.
    const sql = new Client({ connectionString: stack.database.url });
    await sql.connect();
    try {
      await pollUntil(
        async () =>
          (await sql.query(`SELECT 1 FROM bot_responder.effect WHERE status = 'pending' LIMIT 1`))
            .rowCount === 0,
        { timeoutMs: 60_000, description: 'no pending effect' },
      );
    } finally {
      await sql.end();
    }
    const final = await stack.repliesByContent();
    const events = await platformEvents();

    const asked = turnsOf(customerIds, await turns());
    const answeredBy = answeringMessages(asked);
    const turnCount = new Map<string, number>();
    asked.flat().forEach((id) => turnCount.set(id, (turnCount.get(id) ?? 0) + 1));
    const lasts = new Set(asked.map((turn) => turn[turn.length - 1]));
    const notOnce = Object.fromEntries(
      customerIds
        .filter((id) => turnCount.get(id) !== 1 || final.get(answeredBy.get(id) ?? id) !== 1)
        .map((id) => [
          id,
          { turns: turnCount.get(id) ?? 0, replies: final.get(answeredBy.get(id) ?? id) ?? 0 },
        ]),
    );
    if (Object.keys(notOnce).length > 0) {
      process.stderr.write(await explain(`messages not answered exactly once: ${JSON.stringify(notOnce)}`));
    }
    expect(notOnce).toEqual({});
    // Only a turn's latest message gets the reply: the customer reads one answer per turn.
    expect([...final.keys()].filter((id) => !lasts.has(id))).toEqual([]);
    // No reply answers the bot's own message, nor anything but the customers' messages.
    const botContentIds = new Set(
      events
        .filter(
          (e) => e.type === 'content.replied' && e.resource.metadata.creator_id === WALKTHROUGH.botUserId,
        )
        .map((e) => e.resource.id),
    );
    expect([...final.keys()].filter((id) => botContentIds.has(id))).toEqual([]);
    expect([...final.keys()].filter((id) => !customerIds.includes(id))).toEqual([]);
    // Within a thread, the customer reads the answers in the order of their messages.
    const replyOrder = events
      .filter((e) => e.type === 'content.replied' && e.resource.metadata.creator_id === WALKTHROUGH.botUserId)
      .map((e) => String(e.resource.metadata.in_reply_to_id));
    for (const { contentIds } of conversations.values()) {
      expect(replyOrder.filter((id) => contentIds.includes(id))).toEqual(
        contentIds.filter((id) => lasts.has(id)),
      );
    }
    // Each kill hit a live process, and the last incarnation still serves.
    expect(exits).toEqual(KILL_AFTER.map(() => ({ code: null, signal: 'SIGKILL' })));
    expect(current.alive()).toBe(true);
    expect((await fetch(`${current.url}/health`)).status).toBe(200);
    process.stdout.write(
      `crash test: replies at each kill ${JSON.stringify(answeredAtKill)} of ${JSON.stringify(KILL_AFTER)} sent; ` +
        `${asked.length} turns for ${MESSAGES} messages; ` +
        `stream sent in ${sentAt - startedAt} ms, all answered ${answeredAt - sentAt} ms later\n`,
    );
  }, 300_000);

  it('should answer each message once when killed with SIGKILL while 50 calls to a slow bot are in flight', async () => {
    if (bot?.alive()) {
      bot.child.kill('SIGKILL');
      await bot.exit;
    }
    const slowBot = await startSlowBot(2_000);
    try {
      // The engine's timeout is 5 s: a turn is asked again 15 s (its lease) after the kill.
      const env = { ...slowBot.env, BOT_HTTP_TIMEOUT_MS: '5000' };
      let current = await startBot(env);
      const messages = [];
      for (let i = 0; i < SLOW_CONVERSATIONS; i += 1) {
        messages.push(await stack.customerSays(`Question ${i} : où est ma commande ?`));
      }
      await pollUntil(() => Promise.resolve(slowBot.inFlight === SLOW_CONVERSATIONS), {
        timeoutMs: 30_000,
        intervalMs: 20,
        description: `${SLOW_CONVERSATIONS} calls in flight at the bot`,
      }).catch(async (error: Error) => {
        throw new Error(await explain(`${error.message} (${slowBot.inFlight} in flight)`));
      });
      const repliedBeforeKill = (await stack.repliesByContent()).size;
      current.child.kill('SIGKILL');
      const exit = await current.exit;
      current = await startBot(env);

      const ids = messages.map((message) => String(message.id));
      await pollUntil(
        async () => {
          const replies = await stack.repliesByContent();
          return ids.every((id) => replies.has(id));
        },
        { timeoutMs: 90_000, intervalMs: 500, description: 'a reply to each of the slow conversations' },
      ).catch(async (error: Error) => {
        throw new Error(await explain(error.message));
      });
      await pollUntil(
        async () =>
          (await stack.query(`SELECT 1 FROM bot_responder.effect WHERE status = 'pending' LIMIT 1`))
            .length === 0,
        { timeoutMs: 60_000, description: 'no pending effect' },
      );
      const replies = await stack.repliesByContent();

      expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
      expect(ids.map((id) => replies.get(id))).toEqual(ids.map(() => 1));
      // Asked before the kill, and again after it with the same turn id.
      const asked = ids.map((id) => slowBot.turnIds.filter((turnId) => turnId === `ask:${id}`).length);
      expect(asked.every((count) => count >= 2)).toBe(true);
      process.stdout.write(
        `slow-bot crash test: ${SLOW_CONVERSATIONS} calls in flight at the kill, ${repliedBeforeKill} replies before it; ` +
          `${slowBot.turnIds.length} calls in all\n`,
      );
    } finally {
      await slowBot.close();
    }
  }, 180_000);
});

const SLOW_CONVERSATIONS = 50;

/** The team's bot over HTTP (docs/bot-contract.md), answering each turn after `delayMs`. */
async function startSlowBot(delayMs: number): Promise<{
  env: Record<string, string>;
  readonly inFlight: number;
  turnIds: string[];
  close(): Promise<void>;
}> {
  const token = 'slow-bot-crash-token-0123456789';
  const turnIds: string[] = [];
  let inFlight = 0;
  const server = await startStandInBot((request, body, response) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      response.writeHead(401).end();
      return;
    }
    turnIds.push((JSON.parse(body.toString('utf8')) as BotTurnV1).turn_id);
    inFlight += 1;
    // A call whose caller died is over for the bot too.
    response.on('close', () => (inFlight -= response.writableEnded ? 0 : 1));
    setTimeout(() => {
      if (!response.destroyed) {
        inFlight -= 1;
        json({ messages: [{ type: 'text', text: 'Votre commande est en route.' }] })(response);
      }
    }, delayMs);
  });
  return {
    env: {
      BOT_ENGINE: 'http',
      BOT_HTTP_URL: `${server.base}/turns`,
      BOT_HTTP_AUTH: 'bearer',
      BOT_HTTP_TOKEN: token,
    },
    get inFlight() {
      return inFlight;
    },
    turnIds,
    close: () => server.close(),
  };
}
