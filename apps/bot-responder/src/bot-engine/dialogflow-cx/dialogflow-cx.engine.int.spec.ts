import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotEngineErrorCode } from '../bot-engine.exception';
import { aTurn } from '../testing/bot-turn.fixture';
import { failure, freePort, json, type Reply } from '../testing/stand-in-bot';
import { DialogflowCxEngine, type DialogflowCxEngineOptions } from './dialogflow-cx.engine';
import { type StandInDialogflowCx, startStandInDialogflowCx } from '../testing/stand-in-dialogflow-cx';

const PROJECT = 'acme-support';
const LOCATION = 'europe-west1';
const AGENT = '0d8c5a6e-3f4b-4c2a-9e1d-7b6a5c4d3e2f';
const AGENT_PATH = `projects/${PROJECT}/locations/${LOCATION}/agents/${AGENT}`;
const CLIENT_EMAIL = `handover-bot@${PROJECT}.iam.gserviceaccount.com`;
const CUSTOMER_TEXT = 'Où est ma commande 4111 1111 1111 1111 ?';

/** A detectIntent answer as CX gives it, in the language it was asked. */
const detectIntentAnswer =
  (queryResult: Record<string, unknown>): Reply =>
  (response) =>
    json({ responseId: 'response-1', queryResult: { languageCode: 'fr', ...queryResult } })(response);

const REPLY = detectIntentAnswer({
  text: CUSTOMER_TEXT,
  responseMessages: [
    { text: { text: ['Votre commande est en route.'] } },
    { text: { text: ['Autre chose ?'] }, responseType: 'HANDLER_PROMPT' },
  ],
  match: { intent: { name: `${AGENT_PATH}/intents/1`, displayName: 'order.status' }, matchType: 'INTENT' },
});

describe(DialogflowCxEngine.name, () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const keyDir = mkdtempSync(join(tmpdir(), 'dialogflow-cx-'));
  let dialogflow: StandInDialogflowCx;
  let keyFile: string;

  const turn = aTurn({
    threadId: 'thread-1',
    contentId: 'content-1',
    text: CUSTOMER_TEXT,
    language: 'fr',
    sourceId: 'source-1',
    interventionId: 'intervention-1',
  });
  const engine = (options: Partial<DialogflowCxEngineOptions> = {}) =>
    new DialogflowCxEngine({
      endpoint: dialogflow.base,
      project: PROJECT,
      location: LOCATION,
      agent: AGENT,
      credentialsFile: keyFile,
      timeoutMs: 2_000,
      defaultLanguage: 'en',
      ...options,
    });

  beforeAll(async () => {
    dialogflow = await startStandInDialogflowCx(publicKey);
    keyFile = writeKey('service-account', privateKey, dialogflow.tokenUri);
  });

  afterAll(async () => {
    await dialogflow.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    dialogflow.reset();
    dialogflow.answerWith(REPLY);
  });

  function writeKey(name: string, key: KeyObject, tokenUri: string): string {
    const path = join(keyDir, `${name}.json`);
    writeFileSync(
      path,
      JSON.stringify({
        type: 'service_account',
        project_id: PROJECT,
        private_key_id: 'key-id-1',
        private_key: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
        client_email: CLIENT_EMAIL,
        client_id: '100000000000000000001',
        auth_uri: 'https://accounts.google.com/o/oauth2/auth',
        token_uri: tokenUri,
      }),
    );
    return path;
  }

  describe('answer', () => {
    it("should ask the agent in the thread's session with the service account's token, and reply with its texts", async () => {
      const answer = await engine().answer(turn);

      expect(dialogflow.tokenRequests).toEqual([
        {
          grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          signatureValid: true,
          header: { alg: 'RS256' },
          // google-auth-library signs for Google's token endpoint, whatever the key's token_uri.
          claims: expect.objectContaining({
            iss: CLIENT_EMAIL,
            scope: 'https://www.googleapis.com/auth/dialogflow',
            aud: 'https://oauth2.googleapis.com/token',
          }) as unknown,
        },
      ]);
      expect(dialogflow.detectIntents).toEqual([
        {
          agentPath: AGENT_PATH,
          session: 'thread-1',
          authorization: 'Bearer ya29.stand-in-token-1',
          body: {
            queryInput: { text: { text: CUSTOMER_TEXT }, languageCode: 'fr' },
            queryParams: {
              parameters: { thread_id: 'thread-1', source_id: 'source-1', intervention_id: 'intervention-1' },
            },
          },
        },
      ]);
      expect(answer).toEqual({
        kind: 'reply',
        text: 'Votre commande est en route.\n\nAutre chose ?',
        intent: 'order.status',
        language: 'fr',
        fallback: false,
      });
    });

    it('should keep one CX session per thread, and exchange the key once for several turns', async () => {
      const cx = engine();
      const longThreadId = `thread-${'9'.repeat(40)}`;

      await cx.answer(turn);
      await cx.answer({ ...turn, contentId: 'content-2', text: 'Et maintenant ?' });
      await cx.answer({ ...turn, threadId: longThreadId, sourceId: null, interventionId: null });

      expect(dialogflow.tokenRequests).toHaveLength(1);
      const [first, second, third] = dialogflow.detectIntents;
      expect([first.session, second.session]).toEqual(['thread-1', 'thread-1']);
      expect(third.session).toMatch(/^[0-9a-f]{32}$/);
      expect(third.body.queryParams).toEqual({ parameters: { thread_id: longThreadId } });
      expect(new Set(dialogflow.detectIntents.map(({ authorization }) => authorization)).size).toBe(1);
    });

    it('should ask the agent version of an environment when one is configured', async () => {
      await engine({ environment: 'production' }).answer(turn);

      expect(dialogflow.detectIntents.map(({ agentPath, session }) => [agentPath, session])).toEqual([
        [`${AGENT_PATH}/environments/production`, 'thread-1'],
      ]);
    });

    it("should hand over with the agent's texts before a live agent handoff", async () => {
      dialogflow.answerWith(
        detectIntentAnswer({
          responseMessages: [
            { text: { text: ['Je vous passe un conseiller.'] } },
            { liveAgentHandoff: { metadata: { queue: 'billing' } } },
            { text: { text: ['(jamais lu)'] } },
          ],
          match: { intent: { displayName: 'agent.request' }, matchType: 'INTENT' },
        }),
      );

      await expect(engine().answer(turn)).resolves.toEqual({
        kind: 'handover',
        reason: 'explicit',
        text: 'Je vous passe un conseiller.',
        intent: 'agent.request',
        language: 'fr',
      });
    });

    it('should hand over without words when the agent only asks for a live agent', async () => {
      dialogflow.answerWith(
        detectIntentAnswer({ responseMessages: [{ liveAgentHandoff: {} }], match: { matchType: 'EVENT' } }),
      );

      await expect(engine().answer(turn)).resolves.toEqual({
        kind: 'handover',
        reason: 'explicit',
        text: null,
        intent: null,
        language: 'fr',
      });
    });

    it('should resolve the thread when the agent ends the session', async () => {
      dialogflow.answerWith(
        detectIntentAnswer({
          responseMessages: [{ text: { text: ['Bonne journée !'] } }, { endInteraction: {} }],
          match: { intent: { displayName: 'goodbye' }, matchType: 'INTENT' },
        }),
      );

      await expect(engine().answer(turn)).resolves.toEqual({
        kind: 'resolve',
        text: 'Bonne journée !',
        intent: 'goodbye',
        language: 'fr',
      });
    });

    it('should flag a fallback when nothing matched, asking in the default language when the turn has none', async () => {
      dialogflow.answerWith(
        detectIntentAnswer({
          languageCode: 'en',
          responseMessages: [{ text: { text: ["Sorry, I didn't get that."] } }, { payload: { card: 'x' } }],
          match: { matchType: 'NO_MATCH', confidence: 0.1 },
        }),
      );

      await expect(engine().answer({ ...turn, language: null })).resolves.toEqual({
        kind: 'reply',
        text: "Sorry, I didn't get that.",
        intent: 'NO_MATCH',
        language: 'en',
        fallback: true,
      });
      expect(dialogflow.detectIntents[0].body.queryInput.languageCode).toBe('en');
    });

    it('should send the latest 256 characters of a longer turn, which CX would refuse whole', async () => {
      const latest = 'Je voudrais parler à un conseiller maintenant.';
      const text = `${'Bonjour, '.repeat(40)}\n${latest}`;

      await engine().answer({ ...turn, text });

      const sent = dialogflow.detectIntents[0].body.queryInput.text.text;
      expect([...sent].length).toBeLessThanOrEqual(256);
      expect(sent.endsWith(latest)).toBe(true);
    });

    it("should be refused when the token endpoint does not accept the service account's key", async () => {
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const unknownKey = writeKey('unknown-key', otherKey, dialogflow.tokenUri);

      const error = await failure(engine({ credentialsFile: unknownKey }).answer(turn));

      expect(dialogflow.detectIntents).toEqual([]);
      expect([error.code, error.retriable, error.status]).toEqual([
        BotEngineErrorCode.AuthRefused,
        false,
        400,
      ]);
      expect(error.message).toContain(
        `(service account ${CLIENT_EMAIL}) refused the service account's key (HTTP 400 invalid_grant)`,
      );
    });

    it('should be refused when Dialogflow denies the service account (HTTP 403)', async () => {
      dialogflow.answerWith(json({ error: { code: 403, status: 'PERMISSION_DENIED' } }, 403));

      const error = await failure(engine().answer(turn));

      expect([error.code, error.retriable]).toEqual([BotEngineErrorCode.AuthRefused, false]);
      expect(error.message).toBe(
        `Dialogflow CX agent ${AGENT_PATH} at ${dialogflow.base} refused our credentials (HTTP 403)`,
      );
    });

    it('should exchange the key again after Dialogflow refuses the token it holds (HTTP 401)', async () => {
      const cx = engine();
      await cx.answer(turn);
      dialogflow.revokeTokens();

      const refused = await failure(cx.answer(turn));
      await cx.answer(turn);

      expect(refused.code).toBe(BotEngineErrorCode.AuthRefused);
      expect(dialogflow.tokenRequests).toHaveLength(2);
      expect(dialogflow.detectIntents.map(({ authorization }) => authorization)).toEqual([
        'Bearer ya29.stand-in-token-1',
        'Bearer ya29.stand-in-token-1',
        'Bearer ya29.stand-in-token-2',
      ]);
    });

    it('should be asked again after the Retry-After of a rate-limiting Dialogflow', async () => {
      dialogflow.answerWith((response) =>
        response
          .writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' })
          .end(JSON.stringify({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } })),
      );

      const error = await failure(engine().answer(turn));

      expect([error.code, error.retriable, error.retryAfterSeconds]).toEqual([
        BotEngineErrorCode.RateLimited,
        true,
        7,
      ]);
    });

    it.each([
      [
        'the token endpoint',
        (cx: StandInDialogflowCx) => cx.grantWith(json({ error: 'backend_error' }, 503)),
      ],
      ['Dialogflow', (cx: StandInDialogflowCx) => cx.answerWith(json({ error: { code: 503 } }, 503))],
    ])('should be unavailable, and asked again, when %s answers HTTP 503', async (_, failing) => {
      failing(dialogflow);

      const error = await failure(engine().answer(turn));

      expect([error.code, error.retriable, error.status]).toEqual([
        BotEngineErrorCode.Unavailable,
        true,
        503,
      ]);
      expect(error.message).toContain('answered HTTP 503');
    });

    it.each([
      ['the token endpoint', (cx: StandInDialogflowCx) => cx.grantWith(() => undefined)],
      ['Dialogflow', (cx: StandInDialogflowCx) => cx.answerWith(() => undefined)],
    ])('should time out when %s is slower than the timeout', async (_, silent) => {
      silent(dialogflow);

      const error = await failure(engine({ timeoutMs: 200 }).answer(turn));

      expect([error.code, error.retriable]).toEqual([BotEngineErrorCode.Timeout, true]);
      expect(error.message).toContain('did not answer within 200 ms');
    });

    it('should fail for good when the token endpoint answers without an access token', async () => {
      dialogflow.grantWith(json({ token_type: 'Bearer' }));

      const error = await failure(engine().answer(turn));

      expect(dialogflow.detectIntents).toEqual([]);
      expect([error.code, error.retriable]).toEqual([BotEngineErrorCode.InvalidAnswer, false]);
      expect(error.message).toContain('answered no access token');
    });

    it('should be unavailable when nothing listens at the token endpoint', async () => {
      const unreachable = writeKey('unreachable', privateKey, `http://127.0.0.1:${await freePort()}/token`);

      const error = await failure(engine({ credentialsFile: unreachable }).answer(turn));

      expect(error.code).toBe(BotEngineErrorCode.Unavailable);
      expect(error.message).toContain('is unreachable (ECONNREFUSED)');
    });

    it.each<[string, Reply, string]>([
      [
        'not JSON',
        (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"queryRes'),
        'answered something that is not JSON',
      ],
      ['without a queryResult', json({ responseId: 'r' }), 'answered without a queryResult'],
      [
        'with a text that is not a list',
        detectIntentAnswer({ responseMessages: [{ text: { text: CUSTOMER_TEXT } }] }),
        'answered a response message [0] whose text is not a list of strings',
      ],
      [
        'with no text and no handover',
        detectIntentAnswer({ responseMessages: [{ payload: { richContent: [] } }, { endInteraction: {} }] }),
        'answered no text and no handover',
      ],
    ])('should fail for good on an answer %s', async (_, reply, problem) => {
      dialogflow.answerWith(reply);

      const error = await failure(engine().answer(turn));

      expect([error.code, error.retriable]).toEqual([BotEngineErrorCode.InvalidAnswer, false]);
      expect(error.message).toBe(`Dialogflow CX agent ${AGENT_PATH} at ${dialogflow.base} ${problem}`);
    });

    it("should never put the private key, a token or the customer's text in an error", async () => {
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const failing: Array<() => void> = [
        () => dialogflow.grantWith(json({ error: 'invalid_grant', error_description: pem }, 400)),
        () => dialogflow.answerWith(json({ error: { message: CUSTOMER_TEXT } }, 403)),
        () => dialogflow.answerWith(json({ error: { message: CUSTOMER_TEXT } }, 500)),
        () => dialogflow.answerWith(detectIntentAnswer({ responseMessages: [{ text: CUSTOMER_TEXT }] })),
      ];
      const errors = [
        await failure(
          engine({ credentialsFile: writeKey('other', otherKey, dialogflow.tokenUri) }).answer(turn),
        ),
      ];
      for (const fail of failing) {
        dialogflow.reset();
        fail();
        errors.push(await failure(engine().answer(turn)));
      }

      const keyBody = pem.split('\n')[1];
      for (const error of errors) {
        const shown = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
        expect(shown).not.toContain(keyBody);
        expect(shown).not.toContain('ya29.');
        expect(shown).not.toContain('eyJ');
        expect(shown).not.toContain('4111');
      }
    });
  });

  describe('constructor', () => {
    it.each<[string, string | null, string]>([
      ['that is missing', null, 'cannot be read (ENOENT)'],
      ['that is not JSON', `{"private_key": "-----BEGIN PRIVATE KEY-----`, 'is not JSON'],
      [
        'that is not a service account key',
        JSON.stringify({ type: 'authorized_user' }),
        'is not a service account key',
      ],
      [
        'whose private key is not one',
        JSON.stringify({
          type: 'service_account',
          client_email: CLIENT_EMAIL,
          private_key: 'MIIEv-not-a-key',
        }),
        'has no private_key that is a PEM private key',
      ],
    ])('should refuse at startup a credentials file %s, without quoting it', (name, content, problem) => {
      const path = join(keyDir, `${name.replaceAll(' ', '-')}.json`);
      if (content !== null) {
        writeFileSync(path, content);
      }

      const build = () => engine({ credentialsFile: path });

      expect(build).toThrow(`The Dialogflow CX credentials file ${path} ${problem}`);
      expect(build).not.toThrow(/PRIVATE KEY|MIIEv/);
    });

    it('should refuse at startup an agent path or endpoint it cannot put in a URL', () => {
      expect(() => engine({ agent: '../other-agent' })).toThrow('The Dialogflow CX agent must be an id');
      expect(() => engine({ endpoint: 'https://user:secret@dialogflow.example' })).toThrow(
        'The Dialogflow CX endpoint must be an absolute http(s) URL without credentials',
      );
    });
  });
});
