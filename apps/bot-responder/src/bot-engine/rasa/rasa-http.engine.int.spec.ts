import { BotEngineErrorCode } from '../bot-engine.exception';
import { type BotTurn } from '../bot-engine.port';
import { aTurn } from '../testing/bot-turn.fixture';
import {
  failure,
  freePort,
  json,
  type Reply,
  type StandInBot,
  startStandInBot,
} from '../testing/stand-in-bot';
import { RasaHttpEngine } from './rasa-http.engine';

/** Plays the Rasa REST channel: each path answers its own way and every request body is kept. */
const ROUTES: Record<string, Reply> = {
  '/reply': json([
    { recipient_id: 'thread-1', text: 'Votre commande est en route.' },
    { recipient_id: 'thread-1', text: 'Autre chose ?', custom: { intent: 'order_status' } },
  ]),
  '/handover': json([
    { text: 'Je vous passe un conseiller.' },
    { custom: { handover: true, intent: 'billing' } },
  ]),
  '/handover-silent': json([{ custom: { action: 'handover' } }]),
  '/resolve': json([{ text: 'Au revoir !', custom: { action: 'resolve', intent: 'goodbye' } }]),
  '/fallback': json([{ text: 'Pardon ?', custom: { intent: 'nlu_fallback' } }]),
  '/rich': json([
    {
      text: 'Que souhaitez-vous faire ?',
      buttons: [
        { title: 'Suivre mon colis', payload: '/track' },
        { title: 'Parler à un conseiller', payload: '/agent' },
      ],
    },
    { image: 'https://example.com/plan.png' },
  ]),
  '/bad-buttons': json([{ text: 'Choisissez', buttons: 'suivre' }]),
  '/silent': json([]),
  '/error': json({ error: 'boom' }, 500),
  '/invalid-json': (response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('[{"text": "tronqu');
  },
  '/not-an-array': json({ text: 'hello' }),
  // Never answers: the client gives up first, and afterAll closes the connection.
  '/slow': () => undefined,
};

describe(RasaHttpEngine.name, () => {
  let bot: StandInBot;
  const received: { path: string; body: unknown; authorization?: string }[] = [];
  const turn: BotTurn = aTurn({
    threadId: 'thread-1',
    contentId: 'content-1',
    text: 'Où est ma commande ?',
    language: 'fr',
  });
  const engine = (path: string, timeoutMs = 2_000) =>
    new RasaHttpEngine({ url: `${bot.base}${path}`, timeoutMs, defaultLanguage: 'en' });

  beforeAll(async () => {
    bot = await startStandInBot((request, body, response) => {
      const path = request.url ?? '';
      received.push({
        path,
        body: JSON.parse(body.toString('utf8')),
        authorization: request.headers.authorization,
      });
      (ROUTES[path] ?? json({ error: 'not found' }, 404))(response);
    });
  });

  afterAll(() => bot.close());

  beforeEach(() => {
    received.length = 0;
  });

  describe('answer', () => {
    it('should send the thread as sender and the text as message, on the REST channel contract', async () => {
      await engine('/reply').answer(turn);

      expect(received).toEqual([
        {
          path: '/reply',
          body: {
            sender: 'thread-1',
            message: 'Où est ma commande ?',
            metadata: { content_id: 'content-1', language: 'fr' },
          },
          authorization: undefined,
        },
      ]);
    });

    it('should reply with every text of the bot joined when it gives no instruction', async () => {
      await expect(engine('/reply').answer(turn)).resolves.toEqual({
        kind: 'reply',
        fallback: false,
        intent: 'order_status',
        text: 'Votre commande est en route.\n\nAutre chose ?',
        language: 'fr',
      });
    });

    it('should hand over with the bot text when a custom payload asks for it', async () => {
      await expect(engine('/handover').answer(turn)).resolves.toEqual({
        kind: 'handover',
        reason: 'intent',
        intent: 'billing',
        text: 'Je vous passe un conseiller.',
        language: 'fr',
      });
    });

    it('should hand over without text when the bot only asks for a handover', async () => {
      await expect(engine('/handover-silent').answer(turn)).resolves.toEqual({
        kind: 'handover',
        reason: 'intent',
        intent: 'handover',
        text: null,
        language: 'fr',
      });
    });

    it('should resolve the thread when a custom payload asks for it', async () => {
      await expect(engine('/resolve').answer(turn)).resolves.toEqual({
        kind: 'resolve',
        intent: 'goodbye',
        text: 'Au revoir !',
        language: 'fr',
      });
    });

    it('should flag a fallback and use the default language when the bot did not understand', async () => {
      await expect(engine('/fallback').answer({ ...turn, language: null })).resolves.toEqual({
        kind: 'reply',
        fallback: true,
        intent: 'nlu_fallback',
        text: 'Pardon ?',
        language: 'en',
      });
      expect(received[0].body).toMatchObject({ metadata: { language: 'en' } });
    });

    it("should keep the bot's buttons and images, flattened to text as the bot contract says", async () => {
      await expect(engine('/rich').answer(turn)).resolves.toMatchObject({
        kind: 'reply',
        text: 'Que souhaitez-vous faire ?\n1. Suivre mon colis\n2. Parler à un conseiller\n\nhttps://example.com/plan.png',
      });
    });

    it('should send URL credentials as a Basic header and keep them out of errors', async () => {
      const withCredentials = new RasaHttpEngine({
        url: bot.base.replace('http://', 'http://bot:s3cr3t@') + '/error',
        timeoutMs: 2_000,
        defaultLanguage: 'fr',
      });

      const error = await failure(withCredentials.answer(turn));

      expect(received[0].authorization).toBe(`Basic ${Buffer.from('bot:s3cr3t').toString('base64')}`);
      expect(`${error.message} ${error.stack}`).not.toContain('s3cr3t');
    });

    it.each([
      ['/error', BotEngineErrorCode.Unavailable, 'HTTP 500'],
      ['/invalid-json', BotEngineErrorCode.InvalidAnswer, 'not JSON'],
      ['/not-an-array', BotEngineErrorCode.InvalidAnswer, 'not an array'],
      ['/silent', BotEngineErrorCode.InvalidAnswer, 'no text'],
      ['/bad-buttons', BotEngineErrorCode.InvalidAnswer, 'buttons are not a list'],
    ])('should fail when the bot at %s answers badly', async (path, code, detail) => {
      const error = await failure(engine(path).answer(turn));

      expect(error.code).toBe(code);
      expect(error.message).toContain(detail);
    });

    it('should time out when the bot is slower than timeoutMs', async () => {
      const error = await failure(engine('/slow', 200).answer(turn));

      expect(error.code).toBe(BotEngineErrorCode.Timeout);
      expect(error.message).toContain('200 ms');
    });

    it('should be unavailable when nothing listens at the URL', async () => {
      const port = await freePort();
      const unreachable = new RasaHttpEngine({
        url: `http://127.0.0.1:${port}/`,
        timeoutMs: 2_000,
        defaultLanguage: 'fr',
      });

      const error = await failure(unreachable.answer(turn));

      expect(error.code).toBe(BotEngineErrorCode.Unavailable);
      expect(error.message).toContain('ECONNREFUSED');
    });
  });
});
