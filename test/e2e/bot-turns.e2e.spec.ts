import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type BotTurnV1, turnProblems } from '../../apps/bot-responder/src/bot-engine/contract/bot-contract';
import {
  type StandInBot,
  startStandInBot,
} from '../../apps/bot-responder/src/bot-engine/testing/stand-in-bot';
import { pollUntil } from '../infra';
import { type BotStack, startBotStack } from '../support/bot-stack';
import { TEST_ADMIN_TOKEN } from '../support/gateway-harness';

const TOKEN = 'turns-test-token-0123456789';

interface Answer {
  status: number;
  body: unknown;
}

/** The team's bot over HTTP (docs/bot-contract.md), answering as each test scripts it. */
class ScriptedBot {
  readonly turns: BotTurnV1[] = [];
  answer: (turn: BotTurnV1) => Promise<Answer> = () =>
    Promise.resolve({ status: 200, body: { messages: [{ type: 'text', text: 'Bonjour !' }] } });
  server!: StandInBot;

  async start(): Promise<void> {
    this.server = await startStandInBot((request, body, response) => {
      if (request.headers.authorization !== `Bearer ${TOKEN}`) {
        response.writeHead(401).end();
        return;
      }
      const turn = JSON.parse(body.toString('utf8')) as BotTurnV1;
      this.turns.push(turn);
      void this.answer(turn).then(({ status, body: answer }) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
      );
    });
  }

  turnsOf(threadId: string): BotTurnV1[] {
    return this.turns.filter((turn) => turn.thread.id === threadId);
  }
}

/** The values of a metric's samples whose labels include `labels` (Prometheus text format). */
function sample(metrics: string, name: string, labels: Record<string, string> = {}): number[] {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}

const text = (reply: string): Answer => ({
  status: 200,
  body: { messages: [{ type: 'text', text: reply }] },
});

describe('bot-responder asking a bot that takes its time', () => {
  let stack: BotStack;
  let app: NestFastifyApplication;
  const bot = new ScriptedBot();

  beforeAll(async () => {
    await bot.start();
    stack = await startBotStack();
    stack.onClose(() => bot.server.close());
    app = await stack.startBot({
      BOT_ENGINE: 'http',
      BOT_HTTP_URL: `${bot.server.base}/turns`,
      BOT_HTTP_AUTH: 'bearer',
      BOT_HTTP_TOKEN: TOKEN,
      BOT_HTTP_TIMEOUT_MS: '5000',
      BOT_MAX_ATTEMPTS: '2',
      BOT_FAILURE_POLICY: 'apology',
      BOT_APOLOGIES: JSON.stringify({ fr: 'Désolé, notre assistant a un souci.' }),
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const botReplies = async (threadId: string): Promise<string[]> =>
    (await stack.customerView(threadId)).filter((line) => line.from === 'brand').map((line) => line.body);

  /** As the ops team would, through the gateway's admin API; seen by bot-responder before it returns. */
  const switchEmergency = async (active: boolean): Promise<void> => {
    const answer = await fetch(`${stack.gateway.internalUrl}/admin/emergency`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      body: JSON.stringify({ active, scope: 'all', reason: 'bot turns drill' }),
    });
    expect(answer.status).toBe(202);
    await pollUntil(
      async () =>
        (
          await stack.query<{ active: boolean }>(
            `SELECT active FROM bot_responder.emergency_switch ORDER BY issued_at DESC LIMIT 1`,
          )
        )[0]?.active === active,
      { timeoutMs: 20_000, description: `the emergency ${active ? 'on' : 'off'} seen by bot-responder` },
    );
  };

  const settled = (threadId: string) =>
    pollUntil(
      async () =>
        (
          await stack.query(
            `SELECT 1 FROM bot_responder.effect WHERE sequence_key = $1 AND status = 'pending'
             UNION ALL SELECT 1 FROM bot_responder.bot_ask WHERE thread_id = $1`,
            [threadId],
          )
        ).length === 0,
      { timeoutMs: 20_000, description: `thread ${threadId} at rest` },
    );

  it('should give the bot the messages written while it was thinking as its next turn, together, and answer each turn once', async () => {
    let release: () => void = () => undefined;
    const firstTurnHeld = new Promise<void>((resolve) => (release = resolve));
    bot.answer = async (turn) => {
      if (turn.messages.length === 1 && turn.messages[0].text === 'Bonjour') {
        await firstTurnHeld;
        return text('Bonjour ! Que puis-je faire pour vous ?');
      }
      return text(`Reçu ${turn.messages.length} messages.`);
    };
    const hello = await stack.customerSays('Bonjour');
    const threadId = String(hello.thread_id);
    await pollUntil(async () => Promise.resolve(bot.turnsOf(threadId).length === 1), {
      timeoutMs: 20_000,
      description: 'the bot asked about the hello',
    });
    const order = await stack.customerSays('Je voudrais suivre ma commande', threadId);
    const number = await stack.customerSays('Numéro 4512', threadId);
    // Both are in the projection before the bot answers: they cannot be part of its first turn.
    await pollUntil(
      async () =>
        (
          await stack.query<{ n: number }>(
            `SELECT jsonb_array_length(waiting) AS n FROM bot_responder.bot_ask WHERE thread_id = $1`,
            [threadId],
          )
        )[0]?.n === 2,
      { timeoutMs: 20_000, description: 'two messages waiting for the next turn' },
    );
    release();
    await pollUntil(async () => (await botReplies(threadId)).length === 2, {
      timeoutMs: 20_000,
      description: 'two replies',
    });
    await settled(threadId);

    const turns = bot.turnsOf(threadId);
    expect(turns.map((turn) => turn.messages.map((message) => message.text))).toEqual([
      ['Bonjour'],
      ['Je voudrais suivre ma commande', 'Numéro 4512'],
    ]);
    expect(turns[1].turn_id).toBe(`ask:${String(order.id)}`);
    expect(turns[1].transcript.map((line) => [line.from, line.text])).toEqual([
      ['customer', 'Bonjour'],
      ['bot', 'Bonjour ! Que puis-je faire pour vous ?'],
    ]);
    expect(await botReplies(threadId)).toEqual([
      'Bonjour ! Que puis-je faire pour vous ?',
      'Reçu 2 messages.',
    ]);
    const replies = await stack.repliesByContent();
    expect([hello.id, order.id, number.id].map((id) => replies.get(String(id)) ?? 0)).toEqual([1, 0, 1]);
  });

  it("should give the bot the customer's identity and attachments as RCED lists them, read once per customer", async () => {
    bot.answer = () => Promise.resolve(text('Merci, je regarde votre photo.'));
    const photo = await stack.customerSays('Voici le colis abîmé', undefined, undefined, {
      author_name: 'Camille Martin',
      author_email: 'camille.martin@example.test',
      attachments: [{ filename: 'colis.jpg', content_type: 'image/jpeg' }],
    });
    const threadId = String(photo.thread_id);
    await pollUntil(async () => (await botReplies(threadId)).length === 1, {
      timeoutMs: 20_000,
      description: 'the reply to the photo',
    });
    await stack.customerSays('Vous la voyez ?', threadId);
    await pollUntil(async () => (await botReplies(threadId)).length === 2, {
      timeoutMs: 20_000,
      description: 'the second reply',
    });

    const [first, second] = bot.turnsOf(threadId);
    expect(turnProblems(first)).toEqual([]);
    expect(first.identity).toMatchObject({
      id: String(photo.author_id),
      display_name: 'Camille Martin',
      email: 'camille.martin@example.test',
    });
    expect(first.thread.source_type).toBe('chat');
    const [attachment] = (photo.attachments as Array<{ id: string }>) ?? [];
    expect(first.messages[0].attachments).toEqual([
      {
        type: 'image/jpeg',
        url: `https://simulator.engagement.dimelo.com/attachments/${attachment.id}`,
        name: 'colis.jpg',
      },
    ]);
    expect(second.identity).toEqual(first.identity);
    expect(second.messages[0].attachments).toEqual([]);
    const reads = (await stack.apiCalls()).filter(
      (call) => call.path === `/1.0/identities/${String(photo.author_id)}`,
    );
    expect(reads).toHaveLength(1);
  });

  it('should keep other threads answered while one thread waits for its bot', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    bot.answer = async (turn) => {
      if (turn.messages[0].text === 'Question longue') {
        await held;
      }
      return text('Voici.');
    };
    const slow = await stack.customerSays('Question longue');
    const quick = await Promise.all(['Un', 'Deux', 'Trois'].map((body) => stack.customerSays(body)));

    await pollUntil(
      async () => {
        const replies = await stack.repliesByContent();
        return quick.every((message) => replies.has(String(message.id)));
      },
      { timeoutMs: 20_000, description: 'the other threads answered while the slow one waits' },
    );
    const slowAnsweredEarly = (await stack.repliesByContent()).has(String(slow.id));
    release();
    await pollUntil(async () => (await stack.repliesByContent()).has(String(slow.id)), { timeoutMs: 20_000 });

    expect(slowAnsweredEarly).toBe(false);
  });

  it('should stay silent when an emergency begins while the bot is thinking, and answer again once it ends', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    bot.answer = async () => {
      await held;
      return text('Réponse tardive du bot');
    };
    const message = await stack.customerSays('Bonsoir');
    const threadId = String(message.thread_id);
    await pollUntil(async () => Promise.resolve(bot.turnsOf(threadId).length === 1), { timeoutMs: 20_000 });
    await switchEmergency(true);
    release();
    await settled(threadId);
    const duringEmergency = await botReplies(threadId);
    await switchEmergency(false);
    bot.answer = () => Promise.resolve(text('De retour.'));
    await stack.customerSays('Toujours là ?', threadId);
    await pollUntil(async () => (await botReplies(threadId)).length === 1, { timeoutMs: 20_000 });

    expect(duringEmergency).toEqual([]);
    expect(await botReplies(threadId)).toEqual(['De retour.']);
  });

  it('should show the waiting bot call and the consumer in /metrics, and be ready on /health', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    bot.answer = async () => {
      await held;
      return text('Enfin.');
    };
    const message = await stack.customerSays('Une question qui prend du temps');
    const threadId = String(message.thread_id);
    await pollUntil(async () => Promise.resolve(bot.turnsOf(threadId).length === 1), { timeoutMs: 20_000 });

    const metrics = await (await fetch(`${stack.internalUrlOf(app)}/metrics`)).text();
    const health = await fetch(`${await app.getUrl()}/health`.replace('[::1]', '127.0.0.1'));
    release();
    await settled(threadId);

    expect(sample(metrics, 'bot_responder_effects', { kind: 'ask_bot', status: 'pending' })).toEqual([1]);
    expect(sample(metrics, 'bot_responder_outbox_backlog')).toHaveLength(1);
    expect(
      sample(metrics, 'bot_responder_consumer_lag', { topic: 'engage.events.v1' }).length,
    ).toBeGreaterThan(0);
    expect(sample(metrics, 'bot_responder_effect_circuit_open', { worker: 'platform' })).toEqual([0]);
    expect(sample(metrics, 'bot_responder_effect_circuit_open', { worker: 'ask_bot' })).toEqual([0]);
    expect(sample(metrics, 'bot_responder_consumer_partitions')[0]).toBeGreaterThan(0);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      details: { kafka: { status: 'up' }, postgres: { status: 'up' }, consumer: { status: 'up' } },
    });
  });

  it('should apologize once when the bot keeps failing, after asking it again with the same turn id', async () => {
    bot.answer = () => Promise.resolve({ status: 503, body: { error: 'overloaded' } });
    const message = await stack.customerSays('Bonjour, vous êtes là ?');
    const threadId = String(message.thread_id);

    await pollUntil(async () => (await botReplies(threadId)).length === 1, { timeoutMs: 20_000 });
    await settled(threadId);

    expect(bot.turnsOf(threadId).map((turn) => turn.turn_id)).toEqual([
      `ask:${String(message.id)}`,
      `ask:${String(message.id)}`,
    ]);
    expect(await botReplies(threadId)).toEqual(['Désolé, notre assistant a un souci.']);
  });
});
