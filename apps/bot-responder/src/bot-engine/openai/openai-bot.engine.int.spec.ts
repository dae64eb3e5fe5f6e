import { type ServerResponse } from 'node:http';
import { BotEngineErrorCode } from '../bot-engine.exception';
import { aTurn } from '../testing/bot-turn.fixture';
import {
  failure,
  freePort,
  json,
  type Reply,
  type StandInBot,
  startStandInBot,
} from '../testing/stand-in-bot';
import { OpenAiBotEngine, type OpenAiBotEngineOptions } from './openai-bot.engine';

const API_KEY = 'sk-test-0123456789abcdef';
const MODEL = 'gpt-test-mini';
const SYSTEM_PROMPT = 'Tu es l’assistant du service client.';
const CUSTOMER_TEXT = 'Mon numéro est le 06 12 34 56 78';
const MODEL_TEXT = 'Votre carte 4111 1111 1111 1111';

/** A chat completion as OpenAI's API reference defines it, with the given assistant message. */
const completion = (message: Record<string, unknown>, finishReason = 'stop') => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_796_461_200,
  model: MODEL,
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: null, refusal: null, ...message },
      logprobs: null,
      finish_reason: finishReason,
    },
  ],
  usage: { prompt_tokens: 120, completion_tokens: 14, total_tokens: 134 },
});

const calling = (name: string, args: string, content: string | null = null) =>
  completion(
    { content, tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: args } }] },
    'tool_calls',
  );

const apiError = (status: number, message: string, headers: Record<string, string> = {}): Reply => {
  return (response: ServerResponse) =>
    response
      .writeHead(status, { 'content-type': 'application/json', ...headers })
      .end(JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: null } }));
};

/** Each base path answers its own way; the SDK adds /chat/completions to it. */
const ROUTES: Record<string, Reply> = {
  '/reply': json(completion({ content: ' Votre commande est en route. ' })),
  '/handover': json(
    calling('handover', '{"reason":"le client demande un conseiller"}', 'Je vous passe un conseiller.'),
  ),
  '/handover-silent': json(calling('handover', '{"reason":"hors sujet"}')),
  '/resolve': json(calling('resolve', '{}', 'Merci, bonne journée !')),
  '/resolve-silent': json(calling('resolve', '{}')),
  '/long': json(completion({ content: 'Votre colis arrivera demain matin avant midi.' }, 'length')),
  '/forbidden': apiError(403, 'Project does not have access to model gpt-test-mini'),
  '/rate-limited': apiError(429, 'Rate limit reached', { 'retry-after': '7' }),
  '/error': apiError(500, `The server had an error while processing: ${MODEL_TEXT}`),
  '/model-not-found': apiError(404, 'The model `gpt-test-mini` does not exist'),
  '/not-json': (response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end(`{"choices": [${MODEL_TEXT}`),
  '/html': (response) => response.writeHead(200, { 'content-type': 'text/html' }).end(`<p>${MODEL_TEXT}</p>`),
  '/no-choices': json({ ...completion({}), choices: [] }),
  '/empty': json(completion({ content: '  ' })),
  '/unknown-tool': json(calling('refund_order', '{"card":"4111 1111 1111 1111"}', MODEL_TEXT)),
  '/bad-arguments': json(calling('handover', `{"reason": "${MODEL_TEXT}`)),
  '/slow': () => undefined,
  '/stalled-body': (response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).write('{"id": "chatcmpl-1", ');
  },
};

interface Received {
  path: string;
  authorization?: string;
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    tools: Array<{ type: string; function: { name: string; parameters: unknown } }>;
    tool_choice: string;
    temperature?: number;
  };
}

describe(OpenAiBotEngine.name, () => {
  let server: StandInBot;
  const received: Received[] = [];

  beforeAll(async () => {
    server = await startStandInBot((request, body, response) => {
      if (request.headers.authorization !== `Bearer ${API_KEY}`) {
        // OpenAI's own 401 quotes part of the key it was given.
        apiError(401, `Incorrect API key provided: ${request.headers.authorization ?? ''}`)(response);
        return;
      }
      const path = (request.url ?? '').replace(/\/chat\/completions$/, '');
      received.push({
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body: JSON.parse(body.toString('utf8')) as Received['body'],
      });
      (ROUTES[path] ?? apiError(404, 'Not found'))(response);
    });
  });

  afterAll(() => server.close());

  beforeEach(() => {
    received.length = 0;
  });

  const engine = (path: string, options: Partial<OpenAiBotEngineOptions> = {}) =>
    new OpenAiBotEngine({
      baseUrl: `${server.base}${path}`,
      apiKey: API_KEY,
      model: MODEL,
      systemPrompt: SYSTEM_PROMPT,
      timeoutMs: 2_000,
      maxAnswerChars: 1_000,
      defaultLanguage: 'en',
      transcriptLines: 2,
      ...options,
    });

  const turn = aTurn({
    threadId: 'thread-1',
    contentId: 'content-3',
    text: `Où est ma commande ?\n${CUSTOMER_TEXT}`,
    messages: [
      { contentId: 'content-2', text: 'Où est ma commande ?', sentAt: '2026-12-06T09:14:03.000Z' },
      { contentId: 'content-3', text: CUSTOMER_TEXT, sentAt: '2026-12-06T09:14:09.000Z' },
    ],
    language: 'fr',
    transcript: [
      { from: 'bot', text: 'Bienvenue !', at: '2026-12-06T09:13:30.000Z' },
      { from: 'customer', text: 'Bonjour', at: '2026-12-06T09:13:40.000Z' },
      { from: 'bot', text: 'Bonjour ! Que puis-je faire pour vous ?', at: '2026-12-06T09:13:41.000Z' },
    ],
  });

  describe('answer', () => {
    it("should reply with the model's words, having sent the prompt, the latest conversation lines, the turn's messages and both tools", async () => {
      const answer = await engine('/reply', { temperature: 0.2 }).answer(turn);

      expect(answer).toEqual({
        kind: 'reply',
        text: 'Votre commande est en route.',
        intent: 'llm',
        language: 'fr',
        fallback: false,
      });
      expect(received).toHaveLength(1);
      expect(received[0].path).toBe('/reply/chat/completions');
      expect(received[0].authorization).toBe(`Bearer ${API_KEY}`);
      expect(received[0].body).toMatchObject({ model: MODEL, tool_choice: 'auto', temperature: 0.2 });
      expect(received[0].body.messages).toEqual([
        {
          role: 'system',
          content: `${SYSTEM_PROMPT}\n\nConversation language: fr. Answer in this language.`,
        },
        { role: 'user', content: 'Bonjour' },
        { role: 'assistant', content: 'Bonjour ! Que puis-je faire pour vous ?' },
        { role: 'user', content: 'Où est ma commande ?' },
        { role: 'user', content: CUSTOMER_TEXT },
      ]);
      expect(received[0].body.tools.map((tool) => [tool.type, tool.function.name])).toEqual([
        ['function', 'handover'],
        ['function', 'resolve'],
      ]);
      expect(received[0].body.tools[0].function.parameters).toMatchObject({
        properties: { reason: { type: 'string' } },
        required: ['reason'],
      });
    });

    it('should answer in the default language, and leave the temperature to the server, when neither is given', async () => {
      const answer = await engine('/reply').answer({ ...turn, language: null });

      expect(answer).toMatchObject({ kind: 'reply', language: 'en' });
      expect(received[0].body.messages[0]).toEqual({ role: 'system', content: SYSTEM_PROMPT });
      expect(received[0].body).not.toHaveProperty('temperature');
    });

    it("should hand over, with or without words, when the model calls handover, giving the agent the model's reason", async () => {
      await expect(engine('/handover').answer(turn)).resolves.toEqual({
        kind: 'handover',
        text: 'Je vous passe un conseiller.',
        intent: 'llm',
        language: 'fr',
        reason: 'explicit',
        detail: 'le client demande un conseiller',
      });
      await expect(engine('/handover-silent').answer(turn)).resolves.toMatchObject({
        kind: 'handover',
        text: null,
        detail: 'hors sujet',
      });
    });

    it('should resolve with its closing words when the model calls resolve', async () => {
      await expect(engine('/resolve').answer(turn)).resolves.toEqual({
        kind: 'resolve',
        text: 'Merci, bonne journée !',
        intent: 'llm',
        language: 'fr',
      });
    });

    it('should cut a long answer at a word boundary, within the bound, even when the model stopped on its length', async () => {
      const answer = await engine('/long', { maxAnswerChars: 30 }).answer(turn);

      expect(answer).toMatchObject({ kind: 'reply', text: 'Votre colis arrivera demain…' });
    });

    it('should be refused for good when the server does not take the API key or forbids the model, without repeating the key', async () => {
      const wrongKey = await failure(engine('/reply', { apiKey: 'sk-wrong-key-4242' }).answer(turn));
      const forbidden = await failure(engine('/forbidden').answer(turn));

      expect(received.map(({ path }) => path)).toEqual(['/forbidden/chat/completions']);
      expect([wrongKey.code, wrongKey.retriable, wrongKey.status]).toEqual([
        BotEngineErrorCode.AuthRefused,
        false,
        401,
      ]);
      expect(wrongKey.message).toContain('refused our credentials (HTTP 401)');
      expect(`${wrongKey.message} ${wrongKey.stack}`).not.toContain('4242');
      expect([forbidden.code, forbidden.retriable, forbidden.status]).toEqual([
        BotEngineErrorCode.AuthRefused,
        false,
        403,
      ]);
    });

    it('should be asked again after the Retry-After of a rate-limiting server', async () => {
      const error = await failure(engine('/rate-limited').answer(turn));

      expect(error.code).toBe(BotEngineErrorCode.RateLimited);
      expect([error.retriable, error.retryAfterSeconds]).toEqual([true, 7]);
    });

    it('should be asked again when the server fails or cannot be reached, and not when it refuses the request', async () => {
      const port = await freePort();
      const failed = await failure(engine('/error').answer(turn));
      const unreachable = await failure(engine('', { baseUrl: `http://127.0.0.1:${port}/v1` }).answer(turn));
      const refused = await failure(engine('/model-not-found').answer(turn));

      expect([failed.code, failed.retriable, failed.message]).toEqual([
        BotEngineErrorCode.Unavailable,
        true,
        `OpenAI-compatible bot at ${server.base}/error answered HTTP 500`,
      ]);
      expect([unreachable.code, unreachable.retriable]).toEqual([BotEngineErrorCode.Unavailable, true]);
      expect(unreachable.message).toContain('unreachable (ECONNREFUSED)');
      expect([refused.code, refused.retriable, refused.status]).toEqual([
        BotEngineErrorCode.Refused,
        false,
        404,
      ]);
    });

    it.each(['/slow', '/stalled-body'])(
      'should time out when the server at %s is slower than the timeout',
      async (path) => {
        const error = await failure(engine(path, { timeoutMs: 200 }).answer(turn));

        expect(error.code).toBe(BotEngineErrorCode.Timeout);
        expect(error.retriable).toBe(true);
        expect(error.message).toContain('did not answer within 200 ms');
      },
    );

    it.each([
      ['/not-json', 'not JSON'],
      ['/html', 'not a chat completion'],
      ['/no-choices', 'no choices'],
      ['/empty', 'no content and no tool call'],
      ['/unknown-tool', 'called a tool [0] that was not offered'],
      ['/bad-arguments', 'called handover [0] with arguments that are not a JSON object'],
      ['/resolve-silent', 'called resolve without closing words'],
    ])('should fail for good when the server at %s answers badly', async (path, problem) => {
      const error = await failure(engine(path).answer(turn));

      expect(error.code).toBe(BotEngineErrorCode.InvalidAnswer);
      expect(error.retriable).toBe(false);
      expect(error.message).toContain(problem);
    });

    it("should never put the API key, the customer's words or the model's words in an error", async () => {
      const paths = ['/error', '/not-json', '/html', '/unknown-tool', '/bad-arguments', '/slow'];
      const errors = await Promise.all(
        paths.map((path) => failure(engine(path, { timeoutMs: 500 }).answer(turn))),
      );
      const wrongKey = await failure(engine('/reply', { apiKey: 'sk-wrong-key-4242' }).answer(turn));

      for (const error of [...errors, wrongKey]) {
        const logged = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
        for (const secret of [API_KEY, 'sk-wrong', '06 12 34', 'commande', '4111', 'refund_order']) {
          expect(logged).not.toContain(secret);
        }
      }
    });
  });

  describe('constructor', () => {
    it('should refuse a base URL with credentials, an empty key and a bound that is not a positive number, without echoing them', () => {
      expect(() => engine('', { baseUrl: 'https://user:s3cr3t@api.example.com/v1' })).toThrow(
        'The OpenAI base URL must be an absolute http(s) URL without credentials',
      );
      expect(() => engine('/reply', { apiKey: ' ', maxAnswerChars: 0 })).toThrow(
        'The OpenAI API key must not be empty; The OpenAI answer bound must be a positive number of characters',
      );
    });
  });
});
