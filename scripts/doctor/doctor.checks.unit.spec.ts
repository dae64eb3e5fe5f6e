import {
  EngageApiError,
  EngageApiErrorCode,
  type EngageCategory,
  type EngageSource,
  type EngageUser,
  type ListUsersFilter,
} from '@handover/engage-client';
import { type DoctorDeps, type DoctorPlatform, type HttpGet, runChecks } from './doctor.checks';
import { type DoctorSettings } from './doctor.config';
import { type CheckResult } from './doctor.result';

const BOT = 'cat-bot';
const AGENT = 'cat-agent';
const CHAT = 'src-chat';
const EMAIL = 'src-email';
const TEAM = 'team-1';
const CHALLENGE = 'challenge-123';
const VERIFY = 'verify-token-value';

function category(id: string, name: string): EngageCategory {
  return { id, name, parent_id: null, source_ids: [], unselectable: false };
}

function source(id: string, overrides: Partial<EngageSource> = {}): EngageSource {
  return {
    id,
    name: `Source ${id}`,
    type: 'engage_messaging',
    active: true,
    channel_id: 'ch-1',
    default_category_ids: [BOT],
    ...overrides,
  };
}

function user(id: string, overrides: Partial<EngageUser> = {}): EngageUser {
  return {
    id,
    firstname: id,
    lastname: 'Test',
    nickname: null,
    email: `${id}@test`,
    enabled: true,
    category_ids: [AGENT],
    team_ids: [],
    identity_ids: [],
    spoken_languages: [],
    ...overrides,
  };
}

class FakePlatform implements DoctorPlatform {
  categories: EngageCategory[] = [
    category('cat-other', 'Other'),
    category(BOT, 'BOT'),
    category(AGENT, 'AGENT'),
  ];
  sources = new Map<string, EngageSource>([
    [CHAT, source(CHAT)],
    [EMAIL, source(EMAIL, { type: 'email' })],
  ]);
  byCategory: EngageUser[] = [user('agent-1'), user('agent-2')];
  byTeam: EngageUser[] = [user('agent-2'), user('member-1', { category_ids: [] })];
  categoriesError?: Error;

  listCategories(): Promise<EngageCategory[]> {
    return this.categoriesError ? Promise.reject(this.categoriesError) : Promise.resolve(this.categories);
  }

  getSource(id: string): Promise<EngageSource> {
    const found = this.sources.get(id);
    return found
      ? Promise.resolve(found)
      : Promise.reject(new EngageApiError(EngageApiErrorCode.ClientError, 'GET /content_sources/:id', 404));
  }

  listUsers(filter: ListUsersFilter): Promise<EngageUser[]> {
    return Promise.resolve(filter.categoryId === AGENT ? this.byCategory : filter.teamId ? this.byTeam : []);
  }
}

function settings(overrides: Partial<DoctorSettings> = {}): DoctorSettings {
  return {
    engage: {
      ENGAGE_BASE_URL: 'https://acme.api.engagement.dimelo.com/1.0',
      ENGAGE_API_TOKEN: 'api-token-value',
      ENGAGE_AUTH_MODE: 'bearer',
      ENGAGE_TIMEOUT_MS: 10_000,
      ENGAGE_QUOTA_CALLS: 450,
      ENGAGE_QUOTA_WINDOW_MS: 60_000,
      ENGAGE_QUOTA_RESERVED_FOR_REPLIES: 150,
    },
    botCategoryId: BOT,
    agentCategoryId: AGENT,
    agentTeamId: TEAM,
    realtimeSourceIds: [CHAT],
    availabilitySourceIds: [CHAT],
    verifyToken: VERIFY,
    webhookUrl: 'https://hooks.example.com/webhooks/engage',
    ...overrides,
  };
}

/** A webhook that answers the handshake like the gateway, for the verify token given. */
function gatewayLike(token = VERIFY): HttpGet & { urls: string[] } {
  const urls: string[] = [];
  const get = (url: string) => {
    urls.push(url);
    const query = new URL(url).searchParams;
    if (query.get('hub.verify_token') !== token) {
      return Promise.resolve({ status: 403, text: () => Promise.resolve('{"message":"forbidden"}') });
    }
    return Promise.resolve({ status: 200, text: () => Promise.resolve(query.get('hub.challenge') ?? '') });
  };
  return Object.assign(get, { urls });
}

function answering(status: number, body = ''): HttpGet {
  return () => Promise.resolve({ status, text: () => Promise.resolve(body) });
}

async function run(
  overrides: Partial<DoctorSettings> = {},
  platform: DoctorPlatform | undefined = new FakePlatform(),
  deps: Partial<DoctorDeps> = {},
): Promise<CheckResult[]> {
  return runChecks(settings(overrides), {
    platform,
    get: gatewayLike(),
    challenge: () => CHALLENGE,
    ...deps,
  });
}

function byTitle(results: CheckResult[], title: string): CheckResult {
  const found = results.find((result) => result.title === title);
  if (!found) {
    throw new Error(`no check titled ${title}: ${results.map((r) => r.title).join(', ')}`);
  }
  return found;
}

describe('runChecks', () => {
  it('should pass everything for a correct configuration, naming the categories', async () => {
    const results = await run();

    expect(results.map((r) => [r.title, r.status])).toEqual([
      ['API token', 'PASS'],
      ['BOT category', 'PASS'],
      ['AGENT category', 'PASS'],
      [`source ${CHAT}`, 'PASS'],
      ['agents', 'PASS'],
      ['webhook handshake', 'PASS'],
    ]);
    expect(byTitle(results, 'BOT category').sentence).toContain('"BOT"');
    expect(byTitle(results, 'AGENT category').sentence).toContain('"AGENT"');
    expect(byTitle(results, 'agents').sentence).toContain('3 enabled users');
  });

  describe('API token', () => {
    it.each([401, 403])(
      'should say the token is refused on %i and skip what needs the platform',
      async (status) => {
        const platform = new FakePlatform();
        platform.categoriesError = new EngageApiError(
          EngageApiErrorCode.ClientError,
          'GET /categories',
          status,
        );

        const results = await run({}, platform);

        expect(byTitle(results, 'API token')).toMatchObject({
          status: 'FAIL',
          sentence: `The API token is refused (HTTP ${status}).`,
        });
        expect(byTitle(results, 'categories, sources, agents').status).toBe('SKIP');
        expect(byTitle(results, 'webhook handshake').status).toBe('PASS');
      },
    );

    it('should say ENGAGE_BASE_URL cannot be reached on a network error', async () => {
      const platform = new FakePlatform();
      platform.categoriesError = new EngageApiError(EngageApiErrorCode.NetworkError, 'GET /categories');

      const check = byTitle(await run({}, platform), 'API token');

      expect(check.status).toBe('FAIL');
      expect(check.sentence).toMatch(/^Cannot reach ENGAGE_BASE_URL \(https:\/\/acme\.api/);
    });

    it('should point at the version in ENGAGE_BASE_URL on a 404 or a non-JSON answer', async () => {
      for (const error of [
        new EngageApiError(EngageApiErrorCode.ClientError, 'GET /categories', 404),
        new EngageApiError(EngageApiErrorCode.InvalidResponse, 'GET /categories', 200),
      ]) {
        const platform = new FakePlatform();
        platform.categoriesError = error;

        const check = byTitle(await run({}, platform), 'API token');

        expect(check.status).toBe('FAIL');
        expect(check.fix).toContain('/1.0');
      }
    });

    it.each([
      [
        new EngageApiError(EngageApiErrorCode.Timeout, 'GET /categories'),
        /did not answer within ENGAGE_TIMEOUT_MS/,
      ],
      [new EngageApiError(EngageApiErrorCode.RateLimited, 'GET /categories', 429), /429/],
      [new EngageApiError(EngageApiErrorCode.ServerError, 'GET /categories', 503), /HTTP 503/],
      [new EngageApiError(EngageApiErrorCode.ClientError, 'GET /categories', 422), /HTTP 422/],
      [new Error('boom https://x?access_token=secret'), /failed unexpectedly: Error\./],
    ])('should fail plainly on %s', async (error, sentence) => {
      const platform = new FakePlatform();
      platform.categoriesError = error;

      const check = byTitle(await run({}, platform), 'API token');

      expect(check.status).toBe('FAIL');
      expect(check.sentence).toMatch(sentence);
      expect(check.sentence).not.toContain('secret');
    });

    it('should skip the platform checks when there is no usable client', async () => {
      const results = await run({ engage: undefined }, undefined);

      expect(results.map((r) => r.status)).toEqual(['SKIP', 'SKIP', 'PASS']);
    });
  });

  describe('categories', () => {
    it('should fail an unknown AGENT category and name the one called AGENT', async () => {
      const check = byTitle(await run({ agentCategoryId: 'cat-missing' }), 'AGENT category');

      expect(check).toMatchObject({
        status: 'FAIL',
        sentence: 'AGENT_CATEGORY_ID=cat-missing is not a category of this RCED account.',
      });
      expect(check.fix).toContain(`has id ${AGENT}`);
    });

    it('should fail an unknown BOT category and say how to create it when no category is called BOT', async () => {
      const platform = new FakePlatform();
      platform.categories = platform.categories.filter((c) => c.name !== 'BOT');

      const check = byTitle(await run({ botCategoryId: 'cat-missing' }, platform), 'BOT category');

      expect(check.status).toBe('FAIL');
      expect(check.fix).toContain('Create the BOT category');
    });

    it('should fail when AGENT_CATEGORY_ID is BOT_CATEGORY_ID', async () => {
      const results = await run({ agentCategoryId: BOT });

      expect(byTitle(results, 'BOT category').status).toBe('PASS');
      expect(byTitle(results, 'AGENT category')).toMatchObject({
        status: 'FAIL',
        sentence: expect.stringContaining('same category as BOT_CATEGORY_ID') as string,
      });
    });

    it('should skip a category whose variable is not set', async () => {
      const results = await run({ botCategoryId: undefined });

      expect(byTitle(results, 'BOT category')).toMatchObject({
        status: 'SKIP',
        sentence: expect.stringContaining('BOT_CATEGORY_ID is not set') as string,
      });
    });
  });

  describe('sources', () => {
    it('should check every source of both lists once', async () => {
      const results = await run({ realtimeSourceIds: [CHAT], availabilitySourceIds: [CHAT, EMAIL] });

      expect(results.filter((r) => r.title.startsWith('source ')).map((r) => [r.title, r.status])).toEqual([
        [`source ${CHAT}`, 'PASS'],
        [`source ${EMAIL}`, 'PASS'],
      ]);
    });

    it('should fail an unknown source, naming the list that holds it', async () => {
      const check = byTitle(await run({ availabilitySourceIds: [CHAT, 'src-x'] }), 'source src-x');

      expect(check).toMatchObject({
        status: 'FAIL',
        sentence: 'Source src-x in AVAILABILITY_SOURCE_IDS does not exist on this RCED account.',
      });
    });

    it('should fail an inactive source', async () => {
      const platform = new FakePlatform();
      platform.sources.set(CHAT, source(CHAT, { active: false }));

      const check = byTitle(await run({}, platform), `source ${CHAT}`);

      expect(check.status).toBe('FAIL');
      expect(check.sentence).toContain('inactive');
    });

    it('should fail a source the token may not read', async () => {
      const platform = new FakePlatform();
      platform.getSource = () =>
        Promise.reject(new EngageApiError(EngageApiErrorCode.ClientError, 'GET /content_sources/:id', 403));

      const check = byTitle(await run({}, platform), `source ${CHAT}`);

      expect(check).toMatchObject({
        status: 'FAIL',
        sentence: `The API token may not read source ${CHAT} (HTTP 403).`,
      });
    });

    it('should warn when a realtime source does not give new threads the BOT category', async () => {
      const platform = new FakePlatform();
      platform.sources.set(CHAT, source(CHAT, { default_category_ids: ['cat-other'] }));

      const check = byTitle(await run({}, platform), `source ${CHAT}`);

      expect(check.status).toBe('WARN');
      expect(check.sentence).toContain('default categories do not include BOT');
    });

    it('should not warn about BOT for a source listed only for availability', async () => {
      const platform = new FakePlatform();
      platform.sources.set(EMAIL, source(EMAIL, { default_category_ids: [] }));

      const check = byTitle(
        await run({ realtimeSourceIds: [], availabilitySourceIds: [EMAIL] }, platform),
        `source ${EMAIL}`,
      );

      expect(check.status).toBe('PASS');
    });

    it('should warn when the poller does not watch a realtime source', async () => {
      const check = byTitle(
        await run({ realtimeSourceIds: [CHAT, EMAIL], availabilitySourceIds: [CHAT] }),
        `source ${EMAIL}`,
      );

      expect(check.status).toBe('WARN');
      expect(check.fix).toBe('Add it to AVAILABILITY_SOURCE_IDS.');
    });

    it('should skip when no source is listed', async () => {
      const results = await run({ realtimeSourceIds: [], availabilitySourceIds: [] });

      expect(byTitle(results, 'sources').status).toBe('SKIP');
    });
  });

  describe('agents', () => {
    it('should count enabled users by category or team, once each', async () => {
      const platform = new FakePlatform();
      platform.byCategory = [user('agent-1'), user('agent-off', { enabled: false })];

      const check = byTitle(await run({}, platform), 'agents');

      expect(check.status).toBe('PASS');
      expect(check.sentence).toBe(
        '3 enabled users can take handovers (1 hold AGENT_CATEGORY_ID ("AGENT"), 2 are in AGENT_TEAM_ID).',
      );
    });

    it('should warn when nobody can take a handover', async () => {
      const platform = new FakePlatform();
      platform.byCategory = [user('agent-off', { enabled: false })];

      const check = byTitle(await run({ agentTeamId: undefined }, platform), 'agents');

      expect(check.status).toBe('WARN');
      expect(check.sentence).toMatch(/^No enabled user can take a handed-over thread/);
    });

    it('should use the team alone when AGENT_CATEGORY_ID is not set', async () => {
      const check = byTitle(await run({ agentCategoryId: undefined }), 'agents');

      expect(check.sentence).toBe('2 enabled users can take handovers (2 are in AGENT_TEAM_ID).');
    });

    it('should skip when neither AGENT_CATEGORY_ID nor AGENT_TEAM_ID is set', async () => {
      const check = byTitle(await run({ agentCategoryId: undefined, agentTeamId: undefined }), 'agents');

      expect(check.status).toBe('SKIP');
    });
  });

  describe('webhook handshake', () => {
    it('should send RCED’s handshake and pass when the exact challenge comes back', async () => {
      const get = gatewayLike();

      const check = byTitle(await run({}, new FakePlatform(), { get }), 'webhook handshake');

      expect(check).toMatchObject({
        status: 'PASS',
        sentence: 'https://hooks.example.com/webhooks/engage answers the handshake with the challenge.',
      });
      const query = new URL(get.urls[0]).searchParams;
      expect(Object.fromEntries(query)).toEqual({
        'hub.mode': 'subscribe',
        'hub.verify_token': VERIFY,
        'hub.challenge': CHALLENGE,
      });
    });

    it('should say the verify token does not match on 403, without printing it', async () => {
      const check = byTitle(
        await run({}, new FakePlatform(), { get: gatewayLike('other') }),
        'webhook handshake',
      );

      expect(check.status).toBe('FAIL');
      expect(check.sentence).toContain('refused the verify token (403)');
      expect(JSON.stringify(check)).not.toContain(VERIFY);
    });

    it.each([
      [answering(200, 'not-the-challenge'), 'answered 200 but not with the challenge'],
      [answering(404), 'answered 404: there is no webhook at this path'],
      [answering(301), 'answered 301 (a redirect)'],
      [answering(502), 'answered 502 instead of 200 with the challenge'],
      [answering(400), 'answered 400 instead of 200 with the challenge'],
    ])('should fail plainly on any other answer (%#)', async (get, sentence) => {
      const check = byTitle(await run({}, new FakePlatform(), { get }), 'webhook handshake');

      expect(check.status).toBe('FAIL');
      expect(check.sentence).toContain(sentence);
    });

    it('should say the URL does not answer, with the system error', async () => {
      const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      const get: HttpGet = () => Promise.reject(refused);

      const check = byTitle(await run({}, new FakePlatform(), { get }), 'webhook handshake');

      expect(check).toMatchObject({
        status: 'FAIL',
        sentence:
          'https://hooks.example.com/webhooks/engage does not answer (connection refused, ECONNREFUSED).',
      });
    });

    it('should say the URL did not answer in time', async () => {
      const timeout = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
      const get: HttpGet = () => Promise.reject(timeout);

      const check = byTitle(
        await run({}, new FakePlatform(), { get, handshakeTimeoutMs: 2_000 }),
        'webhook handshake',
      );

      expect(check.sentence).toBe('https://hooks.example.com/webhooks/engage did not answer within 2 s.');
    });

    it('should skip when DOCTOR_WEBHOOK_URL is not set', async () => {
      const check = byTitle(await run({ webhookUrl: undefined }), 'webhook handshake');

      expect(check.status).toBe('SKIP');
    });

    it('should fail when ENGAGE_VERIFY_TOKEN is not set', async () => {
      const check = byTitle(await run({ verifyToken: undefined }), 'webhook handshake');

      expect(check.status).toBe('FAIL');
      expect(check.sentence).toContain('ENGAGE_VERIFY_TOKEN is not set');
    });

    it('should keep a query string the URL already has', async () => {
      const get = gatewayLike();

      await run({ webhookUrl: 'https://hooks.example.com/webhooks/engage?tenant=a' }, new FakePlatform(), {
        get,
      });

      expect(new URL(get.urls[0]).searchParams.get('tenant')).toBe('a');
    });
  });
});
