import { BotEngineErrorCode } from '../bot-engine.exception';
import { aTurn } from '../testing/bot-turn.fixture';
import { failure, freePort, json, type Reply } from '../testing/stand-in-bot';
import { DirectLineEngine, type DirectLineEngineOptions } from './directline.engine';
import {
  type DirectLineRequest,
  type StandInDirectLine,
  startStandInDirectLine,
} from '../testing/stand-in-directline';

const SECRET = 'directline-secret-Zq3v9XbT2mK8wP4r';
const CUSTOMER_TEXT = 'Ma carte 4111 1111 1111 1111 ne passe pas';

const START = '/v3/directline/conversations';
const echo = (message: Record<string, unknown>) => [
  { type: 'message', text: `Vous avez dit : ${String(message.text)}` },
];
/** The conversation a message was sent to, e.g. conv-1. */
const conversationOf = ({ path }: Pick<DirectLineRequest, 'path'>) =>
  /conversations\/([^/]+)\/activities/.exec(path)?.[1];

describe(DirectLineEngine.name, () => {
  let directLine: StandInDirectLine;

  beforeAll(async () => {
    directLine = await startStandInDirectLine(SECRET);
  });

  afterAll(() => directLine.close());

  beforeEach(() => directLine.reset());

  const engine = (options: Partial<DirectLineEngineOptions> = {}) =>
    new DirectLineEngine({
      endpoint: directLine.base,
      secret: SECRET,
      timeoutMs: 2_000,
      pollIntervalMs: 20,
      defaultLanguage: 'en',
      ...options,
    });

  const turn = aTurn({
    turnId: 'ask:content-1',
    threadId: 'thread-1',
    contentId: 'content-2',
    text: `Bonjour\n${CUSTOMER_TEXT}`,
    messages: [
      { contentId: 'content-1', text: 'Bonjour', sentAt: '2026-12-06T09:14:01.000Z' },
      { contentId: 'content-2', text: CUSTOMER_TEXT, sentAt: '2026-12-06T09:14:03.000Z' },
    ],
    language: 'fr',
    sourceId: 'source-1',
    interventionId: 'intervention-1',
  });
  const sends = () =>
    directLine.requests.filter(({ method, path }) => method === 'POST' && path.endsWith('/activities'));
  const posts = () =>
    directLine.requests
      .filter(({ method }) => method === 'POST')
      .map(({ path, authorization }) => `${path} ${authorization}`);

  describe('answer', () => {
    it("should send the turn's messages as one activity and reply with everything the bot said", async () => {
      directLine.bot = () => [
        { type: 'message', text: 'Votre commande est en route.' },
        { type: 'message', text: 'Autre chose ?' },
      ];

      const answer = await engine().answer(turn);

      expect(sends().map(({ body }) => body)).toEqual([
        {
          type: 'message',
          from: { id: expect.stringMatching(/^dl_[0-9a-f]{32}$/) as unknown },
          text: `Bonjour\n${CUSTOMER_TEXT}`,
          locale: 'fr',
          channelData: {
            threadId: 'thread-1',
            sourceId: 'source-1',
            interventionId: 'intervention-1',
            turnId: 'ask:content-1',
          },
        },
      ]);
      expect(answer).toEqual({
        kind: 'reply',
        text: 'Votre commande est en route.\n\nAutre chose ?',
        intent: 'unknown',
        language: 'fr',
        fallback: false,
      });
    });

    it('should start one conversation per thread with the secret, then use only its token', async () => {
      directLine.bot = echo;
      const bot = engine();

      await bot.answer(turn);
      await bot.answer({ ...turn, turnId: 'ask:content-3' });
      await bot.answer({ ...turn, threadId: 'thread-2', language: null });

      const [started, ...conversing] = directLine.requests;
      expect(started).toMatchObject({ method: 'POST', path: START, authorization: `Bearer ${SECRET}` });
      expect(conversing.filter(({ path }) => path === START)).toHaveLength(1);
      for (const { path, authorization } of conversing.filter(({ path }) => path !== START)) {
        expect(authorization).toMatch(/^Bearer tok-conv-/);
        expect(authorization).toContain(conversationOf({ path }));
      }
      expect(sends().map(conversationOf)).toEqual(['conv-1', 'conv-1', 'conv-2']);
      expect(sends().map(({ body }) => body?.locale)).toEqual(['fr', 'fr', 'en']);
      const users = sends().map(({ body }) => (body?.from as { id: string }).id);
      expect(users[0]).toBe(users[1]);
      expect(users[2]).not.toBe(users[0]);
    });

    it('should wait for a slow bot, and read each turn from where the previous one stopped', async () => {
      directLine.bot = echo;
      directLine.replyDelayMs = 100;
      const bot = engine();

      const first = await bot.answer(aTurn({ threadId: 'thread-1', text: 'Un' }));
      const second = await bot.answer(aTurn({ threadId: 'thread-1', text: 'Deux' }));

      expect([first.text, second.text]).toEqual(['Vous avez dit : Un', 'Vous avez dit : Deux']);
      const reads = directLine.requests.filter(({ method }) => method === 'GET');
      expect(reads.length).toBeGreaterThan(4);
      expect(reads.at(-1)?.path).toMatch(/\?watermark=\d+$/);
    });

    it('should leave out a late reply to an earlier message of the thread', async () => {
      directLine.bot = echo;
      const bot = engine();
      await bot.answer(aTurn({ threadId: 'thread-1', text: 'Un' }));

      directLine.bot = (message) => [
        { type: 'message', text: 'Réponse tardive à « Un »', replyToId: 'conv-1|0000000' },
        ...echo(message),
      ];

      await expect(bot.answer(aTurn({ threadId: 'thread-1', text: 'Deux' }))).resolves.toMatchObject({
        text: 'Vous avez dit : Deux',
      });
    });

    it('should still answer with what a bot that never sets replyToId said, when the turn is up', async () => {
      directLine.bot = () => [{ type: 'message', text: 'Bonjour !', replyToId: null }];

      await expect(engine({ timeoutMs: 300 }).answer(turn)).resolves.toMatchObject({
        kind: 'reply',
        text: 'Bonjour !',
      });
    });

    it('should flatten suggested actions, cards and images to text as the bot contract says', async () => {
      directLine.bot = () => [
        {
          type: 'message',
          text: 'Que souhaitez-vous faire ?',
          suggestedActions: {
            actions: [
              { type: 'imBack', title: 'Suivre mon colis', value: 'track' },
              { type: 'imBack', title: 'Parler à un conseiller', value: 'agent' },
            ],
          },
        },
        {
          type: 'message',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.hero',
              content: {
                title: 'Colis 42',
                subtitle: 'En transit',
                text: 'Livraison prévue demain',
                images: [{ url: 'https://example.com/colis.png' }],
                buttons: [
                  { type: 'openUrl', title: 'Suivre', value: 'https://example.com/suivi/42' },
                  { type: 'imBack', title: 'Merci', value: 'merci' },
                ],
              },
            },
            { contentType: 'image/png', contentUrl: 'https://example.com/plan.png', name: 'plan.png' },
            { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } },
          ],
        },
      ];

      await expect(engine().answer(turn)).resolves.toMatchObject({
        kind: 'reply',
        text: [
          'Que souhaitez-vous faire ?\n1. Suivre mon colis\n2. Parler à un conseiller',
          'Colis 42\nEn transit\nLivraison prévue demain\n1. Suivre: https://example.com/suivi/42\n2. Merci',
          'https://example.com/colis.png',
          'https://example.com/plan.png',
        ].join('\n\n'),
      });
    });

    it("should hand over when the bot raises handoff.initiate, with what it said and Copilot Studio's topic", async () => {
      directLine.bot = () => [
        { type: 'message', text: 'Je vous passe un conseiller.' },
        {
          type: 'event',
          name: 'handoff.initiate',
          value: {
            va_LastTopic: 'Facturation',
            va_AgentMessage: 'Conteste une facture',
            va_Language: 'fr-FR',
          },
          attachments: [{ contentType: 'application/json', name: 'Transcript', content: { activities: [] } }],
        },
      ];
      const bot = engine();

      await expect(bot.answer(turn)).resolves.toEqual({
        kind: 'handover',
        reason: 'explicit',
        text: 'Je vous passe un conseiller.',
        intent: 'Facturation',
        language: 'fr',
      });
      directLine.bot = () => [{ type: 'event', name: 'handoff.initiate', value: {} }];
      await expect(bot.answer(turn)).resolves.toEqual({
        kind: 'handover',
        reason: 'explicit',
        text: null,
        intent: null,
        language: 'fr',
      });
      expect(sends().map(conversationOf)).toEqual(['conv-1', 'conv-2']);
    });

    it('should resolve when the bot ends the conversation, and start a new one for the next turn', async () => {
      directLine.bot = () => [
        { type: 'message', text: 'Au revoir !' },
        { type: 'endOfConversation', code: 'completedSuccessfully' },
      ];
      const bot = engine();

      await expect(bot.answer(turn)).resolves.toEqual({
        kind: 'resolve',
        text: 'Au revoir !',
        intent: 'resolve',
        language: 'fr',
      });
      directLine.bot = echo;
      await bot.answer(turn);

      expect(sends().map(conversationOf)).toEqual(['conv-1', 'conv-2']);
    });

    it('should refresh the token when a third of its life is left, and start anew once it has expired', async () => {
      directLine.bot = echo;
      let now = Date.parse('2026-12-06T09:00:00.000Z');
      const bot = engine({ now: () => now });

      await bot.answer(turn);
      now += 1_000_000; // 800 of 1,800 s left
      await bot.answer(turn);
      now += 300_000; // 500 s left
      await bot.answer(turn);
      now += 1_800_001; // the refreshed token has expired
      await bot.answer(turn);

      const [first, refreshed, second] = directLine.tokens();
      expect(posts()).toEqual([
        `${START} Bearer ${SECRET}`,
        `${START}/conv-1/activities Bearer ${first}`,
        `${START}/conv-1/activities Bearer ${first}`,
        `/v3/directline/tokens/refresh Bearer ${first}`,
        `${START}/conv-1/activities Bearer ${refreshed}`,
        `${START} Bearer ${SECRET}`,
        `${START}/conv-2/activities Bearer ${second}`,
      ]);
    });

    it('should send the message to a new conversation when Direct Line no longer accepts the token', async () => {
      directLine.bot = echo;
      const bot = engine();
      await bot.answer(turn);

      directLine.revokeTokens();

      await expect(bot.answer(turn)).resolves.toMatchObject({ kind: 'reply' });
      expect(sends().map(conversationOf)).toEqual(['conv-1', 'conv-1', 'conv-2']);
    });

    it('should forget the least recently used conversation past maxConversations', async () => {
      directLine.bot = echo;
      const bot = engine({ maxConversations: 2 });

      for (const threadId of ['thread-1', 'thread-2', 'thread-1', 'thread-3', 'thread-1', 'thread-2']) {
        await bot.answer({ ...turn, threadId });
      }

      expect(sends().map(conversationOf)).toEqual([
        'conv-1',
        'conv-2',
        'conv-1',
        'conv-3',
        'conv-1',
        'conv-4',
      ]);
    });

    const notJson: Reply = (response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"activities": [tronqu');
    it.each([
      [
        'refuses the secret',
        () => (directLine.failures.start = json({ error: { code: 'BadArgument' } }, 403)),
        BotEngineErrorCode.AuthRefused,
        'refused our credentials (HTTP 403) when starting a conversation',
      ],
      [
        'answers activities that are not JSON',
        () => (directLine.failures.read = notJson),
        BotEngineErrorCode.InvalidAnswer,
        "not JSON when reading the bot's activities",
      ],
      [
        'cannot reach the bot',
        () => (directLine.failures.send = json({ error: { code: 'BotError' } }, 502)),
        BotEngineErrorCode.Unavailable,
        "answered HTTP 502 when sending the customer's message",
      ],
      [
        'relays a bot that shows only what plain text cannot',
        () =>
          (directLine.bot = () => [
            { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] },
          ]),
        BotEngineErrorCode.InvalidAnswer,
        'answered no text and no handover',
      ],
    ])(
      'should fail when Direct Line %s, naming neither secret, token nor text',
      async (_, arrange, code, detail) => {
        arrange();

        const error = await failure(engine().answer(turn));

        expect([error.code, error.retriable]).toEqual([code, code === BotEngineErrorCode.Unavailable]);
        expect(error.message).toContain(detail);
        for (const secret of [SECRET, ...directLine.tokens(), CUSTOMER_TEXT, '4111']) {
          expect(`${error.message} ${error.stack}`).not.toContain(secret);
        }
      },
    );

    it('should be asked again after the Retry-After Direct Line gives when it rate limits', async () => {
      directLine.failures.start = (response) =>
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' }).end('{}');

      const error = await failure(engine().answer(turn));

      expect([error.code, error.retriable, error.retryAfterSeconds]).toEqual([
        BotEngineErrorCode.RateLimited,
        true,
        7,
      ]);
    });

    it('should time out when the bot never answers within timeoutMs', async () => {
      const startedAt = Date.now();

      const error = await failure(engine({ timeoutMs: 300 }).answer(turn));

      expect([error.code, error.retriable]).toEqual([BotEngineErrorCode.Timeout, true]);
      expect(error.message).toContain('did not answer within 300 ms');
      expect(Date.now() - startedAt).toBeLessThan(1_000);
    });

    it('should be unavailable when nothing listens at the endpoint', async () => {
      const unreachable = engine({ endpoint: `http://127.0.0.1:${await freePort()}` });

      const error = await failure(unreachable.answer(turn));

      expect(error.code).toBe(BotEngineErrorCode.Unavailable);
      expect(error.message).toContain('ECONNREFUSED');
    });
  });

  describe('constructor', () => {
    it('should refuse an endpoint holding credentials or a missing secret, without echoing them', () => {
      expect(() => engine({ endpoint: 'https://bot:s3cr3t@directline.botframework.com' })).toThrow(
        /^The Direct Line endpoint must be an absolute http\(s\) URL without credentials$/,
      );
      expect(() => engine({ secret: ' ' })).toThrow('The Direct Line secret must be set');
      expect(() => engine({ pollIntervalMs: 0 })).toThrow('poll interval must be a positive integer');
    });
  });
});
