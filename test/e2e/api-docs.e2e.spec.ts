import { listenHttp } from '@handover/observability';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Browser } from 'playwright-core';
import { loadInterventionStatsConfig } from '../../apps/intervention-stats/src/config/intervention-stats.config';
import { createInterventionStatsApp } from '../../apps/intervention-stats/src/intervention-stats.app';
import { createTestDatabase, type TestDatabase, testKafkaBrokers, uniqueName } from '../infra';
import { collectPageErrors, launchChromium } from '../support/chromium';
import { TEST_DASHBOARD_ENV } from '../support/dashboard-supervisor';
import { type RunningGateway, TEST_ADMIN_TOKEN, startGateway } from '../support/gateway-harness';

/** Swagger UI as an operator opens it: every operation drawn, nothing refused by the page's CSP. */
describe('API docs in a browser', () => {
  let browser: Browser;
  let gateway: RunningGateway;
  let database: TestDatabase;
  let stats: NestFastifyApplication;
  const docs: Record<string, string> = {};

  beforeAll(async () => {
    browser = await launchChromium();
    gateway = await startGateway(testKafkaBrokers(), { GATEWAY_ADMIN_TOKEN: TEST_ADMIN_TOKEN });
    docs.gateway = `${gateway.internalUrl}/docs`;
    database = await createTestDatabase();
    stats = await createInterventionStatsApp(
      loadInterventionStatsConfig({
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        DATABASE_URL: database.url,
        KAFKA_GROUP_ID: uniqueName('stats-docs-e2e'),
        LOG_LEVEL: 'silent',
        ...TEST_DASHBOARD_ENV,
      }),
    );
    docs['intervention-stats'] =
      `${(await listenHttp(stats, { port: 0, host: '127.0.0.1' }, { internalPort: 0 })).url}/docs`;
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await stats?.close();
    await database?.drop();
  });

  it.each(['gateway', 'intervention-stats'])(
    "should draw every operation of %s's document, with its models, under the page's CSP",
    async (app) => {
      const document = (await (await fetch(`${docs[app]}/json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
        components: { schemas: Record<string, unknown> };
      };
      const operations = Object.values(document.paths).flatMap((methods) => Object.keys(methods)).length;
      const page = await browser.newPage();
      const errors = collectPageErrors(page);

      await page.goto(docs[app]);
      await page.waitForSelector('.opblock');

      expect(await page.locator('.opblock').count()).toBe(operations);
      expect(await page.locator('.models .model-container').count()).toBe(
        Object.keys(document.components.schemas).length,
      );
      await page.locator('.opblock-summary-control').first().click();
      await page.waitForSelector('.opblock-body .responses-table');
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});
