import { spawn } from 'node:child_process';
import { type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { BotEngineError, BotEngineErrorCode } from '../bot-engine.exception';
import { turnProblems } from '../contract/bot-contract';
import { aTurn } from '../testing/bot-turn.fixture';
import {
  failure,
  freePort,
  json,
  type Reply,
  type StandInBot,
  startStandInBot,
} from '../testing/stand-in-bot';
import { type HttpBotAuth, HttpBotEngine } from './http-bot.engine';

// The reference verifier the documentation gives teams (docs/bot-contract.md, "Signed requests").
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifySignature } = require('../../../../../examples/http-bot/verify-signature.js') as {
  verifySignature: (secret: string, headers: IncomingMessage['headers'], body: Buffer) => boolean;
};

const SECRET = 'a-shared-secret-of-at-least-32-characters';
const TOKEN = 'bearer-token-of-the-bot-0123';

/** A team's bot behind the contract: it checks who calls, then each path answers its own way. */
const ROUTES: Record<string, Reply> = {
  '/reply': json({
    messages: [
      { type: 'text', text: 'Votre commande est en route.' },
      { type: 'quick_replies', text: 'Autre chose ?', replies: [{ title: 'Oui' }, { title: 'Non' }] },
    ],
    intent: 'order_status',
  }),
  '/handover': json({
    messages: [{ type: 'text', text: 'Un conseiller arrive.' }],
    handover: { reason: 'claim' },
  }),
  '/resolve': json({ messages: [{ type: 'text', text: 'Au revoir !' }], resolve: true, language: 'fr' }),
  '/fallback': json({ messages: [{ type: 'text', text: 'Pardon ?' }], fallback: true }),
  '/rate-limited': (response) =>
    response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' }).end('{}'),
  '/not-json': (response) => response.writeHead(200).end('{"messages": [tronqu'),
  '/breaks-contract': json({ messages: [{ type: 'text', text: 'card 4111 1111 1111 1111', extra: 1 }] }),
  '/slow': () => undefined,
};

describe(HttpBotEngine.name, () => {
  let bot: StandInBot;
  const received: Array<{ path: string; body: unknown }> = [];

  beforeAll(async () => {
    bot = await startStandInBot((request, body, response) => {
      const signed = verifySignature(SECRET, request.headers, body);
      const bearer = request.headers.authorization === `Bearer ${TOKEN}`;
      if (!signed && !bearer) {
        response.writeHead(401).end();
        return;
      }
      received.push({ path: request.url ?? '', body: JSON.parse(body.toString('utf8')) as unknown });
      (ROUTES[request.url ?? ''] ?? json({}, 404))(response);
    });
  });

  afterAll(() => bot.close());

  beforeEach(() => {
    received.length = 0;
  });

  const engine = (
    path: string,
    options: {
      auth?: HttpBotAuth;
      timeoutMs?: number;
      nowSeconds?: () => number;
      transcriptLines?: number;
    } = {},
  ): HttpBotEngine =>
    new HttpBotEngine({
      url: `${bot.base}${path}`,
      auth: options.auth ?? { kind: 'hmac', secret: SECRET },
      timeoutMs: options.timeoutMs ?? 2_000,
      defaultLanguage: 'fr',
      customFields: { brand: 'acme' },
      transcriptLines: options.transcriptLines ?? 10,
      ...(options.nowSeconds ? { nowSeconds: options.nowSeconds } : {}),
    });

  const turn = aTurn({
    threadId: 'thread-1',
    contentId: 'content-2',
    text: 'Où est ma commande ?',
    language: 'fr',
    sourceId: 'source-1',
    interventionId: 'intervention-1',
    sentAt: '2026-12-06T09:14:03.000Z',
    transcript: [
      { from: 'customer', text: 'Bonjour', at: '2026-12-06T09:13:40.000Z' },
      { from: 'bot', text: 'Bonjour !', at: '2026-12-06T09:13:41.000Z' },
    ],
  });

  it('should send a signed turn that holds the contract, and reply with every message of the answer', async () => {
    const answer = await engine('/reply').answer(turn);

    expect(received).toHaveLength(1);
    expect(turnProblems(received[0].body)).toEqual([]);
    expect(received[0].body).toMatchObject({
      turn_id: 'ask:content-2',
      thread: { id: 'thread-1', source_id: 'source-1', intervention_id: 'intervention-1', language: 'fr' },
      messages: [
        { content_id: 'content-2', text: 'Où est ma commande ?', created_at: '2026-12-06T09:14:03.000Z' },
      ],
      transcript: [
        { from: 'customer', text: 'Bonjour' },
        { from: 'bot', text: 'Bonjour !' },
      ],
      custom_fields: { brand: 'acme' },
    });
    expect(answer).toEqual({
      kind: 'reply',
      text: 'Votre commande est en route.\n\nAutre chose ?\n1. Oui\n2. Non',
      intent: 'order_status',
      language: 'fr',
      fallback: false,
    });
  });

  it('should give the bot only the latest lines of the conversation it is configured for', async () => {
    await engine('/reply', { transcriptLines: 1 }).answer(turn);
    await engine('/reply', { transcriptLines: 0 }).answer(turn);

    expect(received.map(({ body }) => (body as { transcript: Array<{ text: string }> }).transcript)).toEqual([
      [{ from: 'bot', text: 'Bonjour !', at: '2026-12-06T09:13:41.000Z' }],
      [],
    ]);
  });

  it('should authenticate with a bearer token when so configured', async () => {
    await expect(
      engine('/fallback', { auth: { kind: 'bearer', token: TOKEN } }).answer(turn),
    ).resolves.toEqual({
      kind: 'reply',
      text: 'Pardon ?',
      intent: 'unknown',
      language: 'fr',
      fallback: true,
    });
  });

  it("should follow the bot's handover and resolve", async () => {
    await expect(engine('/handover').answer(turn)).resolves.toEqual({
      kind: 'handover',
      text: 'Un conseiller arrive.',
      intent: null,
      language: 'fr',
      reason: 'explicit',
      detail: 'claim',
    });
    await expect(engine('/resolve').answer(turn)).resolves.toEqual({
      kind: 'resolve',
      text: 'Au revoir !',
      intent: 'resolve',
      language: 'fr',
    });
  });

  it('should be refused by the reference verifier outside its five-minute window, and by a bot that does not know the token', async () => {
    const replayed = await failure(
      engine('/reply', { nowSeconds: () => Math.floor(Date.now() / 1000) - 301 }).answer(turn),
    );
    const wrongToken = await failure(
      engine('/reply', { auth: { kind: 'bearer', token: 'not-the-token-of-the-bot' } }).answer(turn),
    );

    expect(received).toEqual([]);
    for (const error of [replayed, wrongToken]) {
      expect(error.code).toBe(BotEngineErrorCode.AuthRefused);
      expect(error.message).toContain('refused our credentials (HTTP 401)');
    }
    expect(`${wrongToken.message} ${wrongToken.stack}`).not.toContain('not-the-token');
  });

  it.each([
    ['/rate-limited', BotEngineErrorCode.RateLimited, 'rate limiting us (HTTP 429)'],
    ['/not-json', BotEngineErrorCode.InvalidAnswer, 'not JSON'],
    ['/breaks-contract', BotEngineErrorCode.InvalidAnswer, '/messages/0 must NOT have additional properties'],
  ])('should fail when the bot at %s answers badly', async (path, code, detail) => {
    const error = await failure(engine(path).answer(turn));

    expect(error.code).toBe(code);
    expect(error.message).toContain(detail);
    expect(error.message).not.toContain('4111');
  });

  it('should be asked again after the Retry-After a rate-limiting bot gives, and never again after a bad answer', async () => {
    const limited = await failure(engine('/rate-limited').answer(turn));
    const broken = await failure(engine('/breaks-contract').answer(turn));

    expect([limited.retriable, limited.retryAfterSeconds]).toEqual([true, 7]);
    expect(broken.retriable).toBe(false);
  });

  it('should time out when the bot is slower than its timeout', async () => {
    const error = await failure(engine('/slow', { timeoutMs: 200 }).answer(turn));

    expect(error.code).toBe(BotEngineErrorCode.Timeout);
    expect(error.message).toContain('200 ms');
  });

  it('should be answered by the example bot a team starts from (examples/http-bot)', async () => {
    const port = await freePort();
    const exampleBot = spawn(process.execPath, [join(__dirname, '../../../../../examples/http-bot/bot.js')], {
      env: { PATH: process.env.PATH ?? '', PORT: String(port), BOT_HTTP_SIGNING_SECRET: SECRET },
      stdio: 'ignore',
    });
    try {
      const example = new HttpBotEngine({
        url: `http://127.0.0.1:${port}/turn`,
        auth: { kind: 'hmac', secret: SECRET },
        timeoutMs: 2_000,
        defaultLanguage: 'fr',
        customFields: {},
        transcriptLines: 10,
      });
      const answerWhenUp = async (text: string) => {
        for (let attempt = 0; ; attempt += 1) {
          try {
            return await example.answer(aTurn({ text }));
          } catch (error) {
            if (
              attempt >= 50 ||
              !(error instanceof BotEngineError) ||
              !error.message.includes('unreachable')
            ) {
              throw error;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      };

      await expect(answerWhenUp('Bonjour')).resolves.toMatchObject({
        kind: 'reply',
        text: 'Vous avez dit : Bonjour',
      });
      await expect(answerWhenUp('Je veux un conseiller')).resolves.toMatchObject({ kind: 'handover' });
    } finally {
      exampleBot.kill();
    }
  });
});
