import { DATA_SOURCE } from '@handover/event-runtime';
import { listenHttp } from '@handover/observability';
import { createTestDatabase, type TestDatabase, testKafkaBrokers, uniqueName } from '@handover/test-infra';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { freePort } from '../../../test/infra/free-port.util';
import { TEST_DASHBOARD_ENV, TEST_SUPERVISOR_AUTH } from '../../../test/support/dashboard-supervisor';
import { type OpenApiDocument, OpenApiResponses } from '../../../test/support/openapi-responses';
import { loadInterventionStatsConfig } from '../src/config/intervention-stats.config';
import { EMERGENCY_AUDIT, type EmergencyAuditRepository } from '../src/dashboard/emergency-audit.repository';
import { createInterventionStatsApp } from '../src/intervention-stats.app';
import {
  BOT_USER_ID,
  FAILED_EFFECT_ID,
  PARKED_KEY,
  SOURCE_ID,
  THREADS,
  seedAnalytics,
} from './api-docs.seed';

const OPS_TOKEN = 'ops-token-for-the-dashboard-0123456789';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Every GET of the analytics API must document its answer; the dashboard's, where they do (its pages are HTML). */
const ANALYTICS = /^\/analytics\//;
const DASHBOARD = /^\/dashboard\//;

/**
 * Requests that reach every branch of an answer. A documented GET without a path parameter is
 * also called bare (its defaults); one with a parameter must be listed here.
 */
const REQUESTS: Readonly<Record<string, readonly string[]>> = {
  '/analytics/summary': [
    `/analytics/summary?source_id=${SOURCE_ID}&language=fr`,
    '/analytics/summary?to=2020-01-01',
  ],
  '/analytics/daily': ['/analytics/daily?to=2020-01-01'],
  '/analytics/live': ['/analytics/live?window_ms=60000'],
  '/analytics/interventions': [`/analytics/interventions?source_id=${SOURCE_ID}`],
  '/analytics/threads/{threadId}': Object.values(THREADS).map((thread) => `/analytics/threads/${thread}`),
  '/dashboard/failures/{app}/{kind}/{id}': [
    `/dashboard/failures/intervention-stats/effects/${FAILED_EFFECT_ID}`,
    `/dashboard/failures/intervention-stats/parked/${encodeURIComponent(PARKED_KEY)}`,
  ],
};

/**
 * intervention-stats as production builds it, on real Postgres and Kafka, with something projected
 * in every part of its answers: each documented answer is checked against the document it serves.
 * Its dashboard reads failures from its own ops admin API, and from an app that does not answer.
 */
describe('intervention-stats API docs', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;
  let url: string;
  let document: OpenApiDocument;
  let responses: OpenApiResponses;

  beforeAll(async () => {
    database = await createTestDatabase();
    const internalPort = await freePort();
    const config = loadInterventionStatsConfig({
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      DATABASE_URL: database.url,
      KAFKA_GROUP_ID: uniqueName('stats-docs'),
      LOG_LEVEL: 'silent',
      BOT_USER_ID,
      ...TEST_DASHBOARD_ENV,
      ADMIN_TOKENS: `ops=${OPS_TOKEN}`,
      OPS_API_URLS: `intervention-stats=http://127.0.0.1:${internalPort},gone=http://127.0.0.1:${await freePort()}`,
      OPS_API_TOKEN: OPS_TOKEN,
    });
    app = await createInterventionStatsApp(config);
    ({ url } = await listenHttp(app, { port: 0, host: '127.0.0.1' }, { internalPort }));
    await seedAnalytics(app.get(DATA_SOURCE), app.get<EmergencyAuditRepository>(EMERGENCY_AUDIT), Date.now());
    document = (await (await fetch(`${url}/docs/json`)).json()) as OpenApiDocument;
    responses = new OpenApiResponses(document);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  async function get(path: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${url}${path}`, { headers: TEST_SUPERVISOR_AUTH });
    return { status: response.status, body: await response.json() };
  }

  it('should document a JSON schema for the answer of every GET of the analytics API', () => {
    const gets = responses.gets().filter(({ path }) => ANALYTICS.test(path));

    expect(gets.map(({ path }) => path)).toEqual(
      expect.arrayContaining([
        '/analytics/summary',
        '/analytics/daily',
        '/analytics/live',
        '/analytics/interventions',
        '/analytics/threads/{threadId}',
      ]),
    );
    expect(gets.filter(({ jsonSchema }) => jsonSchema === undefined).map(({ path }) => path)).toEqual([]);
  });

  it('should answer every documented GET of the analytics API and the dashboard as its schema says', async () => {
    const checked: string[] = [];
    const documented = responses
      .gets()
      .filter(
        ({ path, jsonSchema }) => ANALYTICS.test(path) || (DASHBOARD.test(path) && jsonSchema !== undefined),
      );
    for (const { path } of documented) {
      const requests = [...(path.includes('{') ? [] : [path]), ...(REQUESTS[path] ?? [])];
      expect({ path, requests: requests.length > 0 }).toEqual({ path, requests: true });
      for (const request of requests) {
        const { status, body } = await get(request);
        expect({ request, status, problems: responses.problems(path, body) }).toEqual({
          request,
          status: 200,
          problems: [],
        });
        checked.push(request);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        '/dashboard/audit',
        '/dashboard/failures',
        ...REQUESTS['/analytics/threads/{threadId}'],
        ...REQUESTS['/dashboard/failures/{app}/{kind}/{id}'],
      ]),
    );
  });

  it('should have something in every part of the answers it checks', async () => {
    const live = (await get('/analytics/live')).body as {
      threads: { waiting: unknown[] };
      availability: unknown[];
      emergency: { current: unknown; history: unknown[] };
    };
    const thread = (await get(`/analytics/threads/${THREADS.handedOver}`)).body as {
      thread: { waited_ms: string } | null;
    };
    const failures = (await get('/dashboard/failures')).body as {
      apps: Array<{ ok: boolean; summary?: { effects: { failed: number }; parked: { open: number } } }>;
    };

    expect(live.threads.waiting).toHaveLength(1);
    expect(live.availability).toHaveLength(1);
    expect(live.emergency.current).not.toBeNull();
    expect(live.emergency.history).toHaveLength(1);
    expect(thread.thread?.waited_ms).toBe('1500');
    expect(
      ((await get(`/analytics/threads/${THREADS.botOnly}`)).body as { thread: unknown }).thread,
    ).toBeNull();
    expect(
      ((await get('/analytics/interventions')).body as { groups: unknown[] }).groups.length,
    ).toBeGreaterThan(1);
    expect(((await get('/dashboard/audit')).body as { entries: unknown[] }).entries).toHaveLength(2);
    expect(failures.apps.map(({ ok }) => ok)).toEqual([true, false]);
    expect(failures.apps[0].summary).toMatchObject({ effects: { failed: 1 }, parked: { open: 1 } });
  });

  it('should find an answer that strays from its schema: a field missing, one undeclared, a rate above 1', async () => {
    const { body } = await get('/analytics/summary');
    const summary = body as Record<string, unknown>;
    const withoutOne = Object.fromEntries(
      Object.entries(summary).filter(([field]) => field !== 'conversations'),
    );

    expect(responses.problems('/analytics/summary', summary)).toEqual([]);
    expect(responses.problems('/analytics/summary', withoutOne)).toEqual([
      "/ must have required property 'conversations'",
    ]);
    expect(responses.problems('/analytics/summary', { ...summary, median: 3 })).toEqual([
      '/ must NOT have additional properties: median',
    ]);
    expect(responses.problems('/analytics/summary', { ...summary, handover_rate: 2 })).toEqual([
      '/handover_rate must be <= 1',
    ]);
  });

  it('should give a browser Swagger UI at /docs, whose files it serves, and a script the document', async () => {
    const page = await fetch(`${url}/docs`, { headers: { accept: BROWSER_ACCEPT } });
    const html = await page.text();
    const loaded = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map(
      ([, path]) => new URL(path, page.url).href,
    );

    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(loaded.length).toBeGreaterThanOrEqual(4);
    for (const asset of loaded) {
      const response = await fetch(asset);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      expect(response.headers.get('content-type')).toMatch(/^(application\/javascript|text\/css|image\/png)/);
    }
    expect((await fetch(`${url}/docs/nothing.js`)).status).toBe(404);
    const scripted = (await (await fetch(`${url}/docs`)).json()) as OpenApiDocument;
    expect(scripted).toEqual(document);
    expect(document.components?.schemas).toHaveProperty('AnalyticsSummaryResponse');
    expect(await (await fetch(`${url}/docs/yaml`)).text()).toContain('/analytics/summary:');
  });
});
