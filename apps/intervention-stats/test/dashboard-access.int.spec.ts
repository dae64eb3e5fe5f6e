import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase, testKafkaBrokers, uniqueName } from '@handover/test-infra';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadInterventionStatsConfig } from '../src/config/intervention-stats.config';
import { createInterventionStatsApp } from '../src/intervention-stats.app';

const ALICE = 'alice-token-0123456789abcdef-secret';
const BOB = 'bob-token-0123456789abcdef-secret';
const SESSION_SECRET = 'dashboard-session-secret-0123456789abcdef';
const ADMIN_TOKEN = 'gateway-admin-token-0123456789abcdef';
const SWITCH = JSON.stringify({ active: true, scope: 'all', reason: 'bot outage' });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface GatewayCall {
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/**
 * intervention-stats as production builds it, on a real Postgres and Kafka, reached over HTTP like
 * a browser or a script would (any Host, Origin, cookie). The gateway's admin API is a recording
 * HTTP server: what matters here is whether, and as whom, the dashboard calls it.
 */
describe('dashboard and analytics access (intervention-stats over HTTP)', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let gateway: Server;
  let port: number;
  const gatewayCalls: GatewayCall[] = [];
  let gatewayStatus = 202;

  beforeAll(async () => {
    gateway = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        const body = JSON.parse(text) as Record<string, unknown>;
        gatewayCalls.push({ headers: request.headers, body });
        response.writeHead(gatewayStatus, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify(
            gatewayStatus === 202
              ? {
                  command_id: `command-${gatewayCalls.length}`,
                  active: body.active,
                  source_ids: null,
                  issued_at: new Date().toISOString(),
                }
              : { message: 'reason must not be blank' },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    database = await createTestDatabase();
    const config = loadInterventionStatsConfig({
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      DATABASE_URL: database.url,
      KAFKA_GROUP_ID: uniqueName('stats-access'),
      LOG_LEVEL: 'silent',
      GATEWAY_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`,
      GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN,
      DASHBOARD_USERS: `alice=${ALICE},bob=${BOB}`,
      DASHBOARD_SESSION_SECRET: SESSION_SECRET,
    });
    app = await createInterventionStatsApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => gateway?.close(resolve));
    await database?.drop();
  });

  beforeEach(() => {
    gatewayCalls.length = 0;
    gatewayStatus = 202;
  });

  /** Over node:http, which lets a test send any Host header, as DNS rebinding makes a browser do. */
  function send(
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: string,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /** Signs in through the form, as a browser does; the session cookie and the page's CSRF token. */
  async function signIn(token = ALICE): Promise<{ cookie: string; csrf: string; setCookie: string }> {
    const login = await send(
      'POST',
      '/dashboard/login',
      { 'content-type': 'application/x-www-form-urlencoded', origin: `http://127.0.0.1:${port}` },
      `token=${encodeURIComponent(token)}`,
    );
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('../dashboard');
    const setCookie = String(login.headers['set-cookie']);
    const cookie = setCookie.split(';')[0];
    const page = await send('GET', '/dashboard', { cookie });
    expect(page.status).toBe(200);
    const csrf = /data-csrf-token="([^"]+)"/.exec(page.body)?.[1] ?? '';
    return { cookie, csrf, setCookie };
  }

  function postSwitch(headers: Record<string, string>, body = SWITCH): Promise<Answer> {
    return send('POST', '/dashboard/emergency', { 'content-type': 'application/json', ...headers }, body);
  }

  describe('signing in', () => {
    it('should send a visitor who is not signed in to the sign-in form, and refuse the API with 401', async () => {
      const page = await send('GET', '/dashboard');
      expect(page.status).toBe(303);
      expect(page.headers.location).toBe('dashboard/login');
      const form = await send('GET', '/dashboard/login');
      expect(form.status).toBe(200);
      expect(form.body).toContain('<form');
      for (const path of ['/analytics/summary', '/analytics/live', '/analytics/daily', '/dashboard/audit']) {
        const answer = await send('GET', path);
        expect({ path, status: answer.status }).toEqual({ path, status: 401 });
        expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      expect((await postSwitch({})).status).toBe(401);
      expect(gatewayCalls).toEqual([]);
    });

    it('should refuse an unknown token without a session, and never echo it', async () => {
      const wrong = 'not-a-token-of-anyone-0123456789';
      const login = await send(
        'POST',
        '/dashboard/login',
        { 'content-type': 'application/x-www-form-urlencoded' },
        `token=${wrong}`,
      );
      expect(login.status).toBe(401);
      expect(login.headers['set-cookie']).toBeUndefined();
      expect(login.body).not.toContain(wrong);
      expect(login.body).toContain('not one of DASHBOARD_USERS');
    });

    it('should give a signed, HttpOnly, SameSite=Strict session cookie with an expiry, that opens the API', async () => {
      const { cookie, setCookie } = await signIn();
      expect(setCookie).toMatch(/; HttpOnly/);
      expect(setCookie).toMatch(/; SameSite=Strict/);
      expect(setCookie).toMatch(/; Max-Age=28800/);
      expect(setCookie).not.toContain(ALICE);
      expect((await send('GET', '/analytics/summary', { cookie })).status).toBe(200);

      const [name, value] = cookie.split('=');
      const forged = `${name}=${value.replace(/\.[^.]+$/, '.forged-signature')}`;
      expect((await send('GET', '/analytics/summary', { cookie: forged })).status).toBe(401);
    });

    it('should take a DASHBOARD_USERS token as bearer on the analytics API', async () => {
      expect((await send('GET', '/analytics/live', { authorization: `Bearer ${BOB}` })).status).toBe(200);
      expect((await send('GET', '/analytics/live', { authorization: `Bearer ${ADMIN_TOKEN}` })).status).toBe(
        401,
      );
    });
  });

  describe('Host allowlist (DNS rebinding)', () => {
    it.each(['/dashboard', '/dashboard/login', '/analytics/summary', '/dashboard/audit'])(
      'should refuse %s under a foreign Host, even signed in',
      async (path) => {
        const { cookie } = await signIn();
        const answer = await send('GET', path, {
          host: `attacker.example:${port}`,
          cookie,
          authorization: `Bearer ${ALICE}`,
        });
        expect(answer.status).toBe(403);
        expect(answer.body).toContain('DASHBOARD_ALLOWED_HOSTS');
      },
    );

    it('should not switch the emergency for a foreign Host and Origin (was 202)', async () => {
      const { cookie, csrf } = await signIn();
      const answer = await postSwitch({
        host: `rebound.example:${port}`,
        origin: `http://rebound.example:${port}`,
        cookie,
        'x-csrf-token': csrf,
      });
      expect(answer.status).toBe(403);
      expect(gatewayCalls).toEqual([]);
    });
  });

  describe('POST /dashboard/emergency', () => {
    it('should refuse a cross-site Origin or Sec-Fetch-Site with 403, and switch nothing', async () => {
      const { cookie, csrf } = await signIn();
      const own = { cookie, 'x-csrf-token': csrf };
      const crossOrigin = await postSwitch({ ...own, origin: 'http://evil.example' });
      const crossSite = await postSwitch({ ...own, 'sec-fetch-site': 'cross-site' });
      const nullOrigin = await postSwitch({ ...own, origin: 'null' });
      expect([crossOrigin.status, crossSite.status, nullOrigin.status]).toEqual([403, 403, 403]);
      expect(crossOrigin.body).toContain('Cross-site request refused');
      expect(gatewayCalls).toEqual([]);
    });

    it('should refuse a switch without the CSRF token of the session with 403, and switch nothing', async () => {
      const alice = await signIn();
      const bob = await signIn(BOB);
      const missing = await postSwitch({ cookie: alice.cookie });
      const someoneElses = await postSwitch({ cookie: alice.cookie, 'x-csrf-token': bob.csrf });
      const bearerOnly = await postSwitch({ authorization: `Bearer ${ALICE}`, 'x-csrf-token': alice.csrf });
      expect([missing.status, someoneElses.status, bearerOnly.status]).toEqual([403, 403, 403]);
      expect(missing.body).toContain('x-csrf-token');
      expect(gatewayCalls).toEqual([]);
    });

    it('should switch as the signed-in supervisor (X-Acting-For), never as a name from the body', async () => {
      const { cookie, csrf } = await signIn(BOB);
      const withActor = await postSwitch(
        { cookie, 'x-csrf-token': csrf },
        JSON.stringify({ active: true, scope: 'all', reason: 'bot outage', actor: 'someone-else' }),
      );
      expect(withActor.status).toBe(400);
      expect(withActor.body).toContain('actor is not a field');

      const answer = await postSwitch({
        cookie,
        'x-csrf-token': csrf,
        origin: `http://127.0.0.1:${port}`,
        'sec-fetch-site': 'same-origin',
      });

      expect(answer.status).toBe(202);
      expect(gatewayCalls).toHaveLength(1);
      expect(gatewayCalls[0].headers['x-acting-for']).toBe('bob');
      expect(gatewayCalls[0].headers.authorization).toBe(`Bearer ${ADMIN_TOKEN}`);
      expect(gatewayCalls[0].body).toEqual({ active: true, scope: 'all', reason: 'bot outage' });
    });

    it('should keep every switch in the audit trail: who, when, what, and the outcome', async () => {
      const { cookie, csrf } = await signIn();
      const before = Date.now();
      expect((await postSwitch({ cookie, 'x-csrf-token': csrf })).status).toBe(202);
      gatewayStatus = 400;
      const refused = await postSwitch(
        { cookie, 'x-csrf-token': csrf },
        JSON.stringify({ active: false, scope: ['5be1c0b4e20311250379c101'], reason: 'back to normal' }),
      );
      expect(refused.status).toBe(502);

      const audit = await send('GET', '/dashboard/audit', { cookie });
      const { entries } = JSON.parse(audit.body) as { entries: Array<Record<string, unknown>> };
      const mine = entries.filter((entry) => Date.parse(String(entry.requested_at)) >= before - 1000);
      expect(mine.slice(0, 2)).toEqual([
        expect.objectContaining({
          supervisor: 'alice',
          active: false,
          source_ids: ['5be1c0b4e20311250379c101'],
          reason: 'back to normal',
          outcome: 'failed',
          command_id: null,
          detail: expect.stringContaining('reason must not be blank') as unknown,
        }),
        expect.objectContaining({
          supervisor: 'alice',
          active: true,
          source_ids: null,
          reason: 'bot outage',
          outcome: 'accepted',
          command_id: expect.stringMatching(/^command-/) as unknown,
          applied_at: null,
        }),
      ]);
    });

    it('should end the session on sign-out', async () => {
      const { cookie, csrf } = await signIn();
      const out = await send('POST', '/dashboard/logout', { cookie, 'x-csrf-token': csrf });
      expect(out.status).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/^handover_session=; .*Max-Age=0/);
    });
  });

  describe('analytics parameters', () => {
    const bearer = { authorization: `Bearer ${ALICE}` };

    it('should refuse a 1,000-year range with 400, at once', async () => {
      const started = performance.now();
      const answer = await send(
        'GET',
        '/analytics/daily?from=1000-01-01T00:00:00Z&to=2000-01-01T00:00:00Z',
        bearer,
      );
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('from must be at most 400 days before to');
      expect(performance.now() - started).toBeLessThan(500);
      const backwards = await send('GET', '/analytics/summary?from=2026-02-01&to=2026-01-01', bearer);
      expect(backwards.status).toBe(400);
      expect((await send('GET', '/analytics/summary?from=2025-01-01&to=2026-01-01', bearer)).status).toBe(
        200,
      );
    });

    it.each(['2024-W01-1', '20240101T000000Z', '2024-01-01T00Z', '2024-02-30T00:00:00Z'])(
      'should refuse from=%s with a 400 naming from (not a 500)',
      async (from) => {
        const answer = await send('GET', `/analytics/summary?from=${encodeURIComponent(from)}`, bearer);
        expect(answer.status).toBe(400);
        expect(answer.body).toContain('from must be an RFC 3339 date-time');
      },
    );

    it("should refuse the live view's source or language when malformed, naming it, and take them when valid", async () => {
      const badSource = await send('GET', '/analytics/live?source_id=a%20b', bearer);
      expect(badSource.status).toBe(400);
      expect(badSource.body).toContain('source_id must be an RCED id');
      const badLanguage = await send('GET', '/analytics/live?language=french!', bearer);
      expect(badLanguage.status).toBe(400);
      expect(badLanguage.body).toContain('language must be a language code');
      const valid = await send(
        'GET',
        '/analytics/live?source_id=5be1c0b4e20311250379c101&language=fr',
        bearer,
      );
      expect(valid.status).toBe(200);
    });

    it('should refuse a thread id that is not an RCED id with 400 (not a 500)', async () => {
      for (const id of ['a%00b', '..', 'a.b', 'x'.repeat(65)]) {
        const answer = await send('GET', `/analytics/threads/${id}`, bearer);
        expect({ id, status: answer.status }).toEqual({ id, status: 400 });
        expect(answer.body).toContain('threadId must be an RCED id');
      }
      expect((await send('GET', '/analytics/threads/5be1c0b4e20311250379c101', bearer)).status).toBe(404);
    });
  });
});
