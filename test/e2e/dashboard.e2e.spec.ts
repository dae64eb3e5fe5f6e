import { mkdirSync } from 'node:fs';
import { startConsuming } from '@handover/event-runtime';
import { join } from 'node:path';
import { RECORD_HEADERS, TOPICS } from '@handover/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { loadInterventionStatsConfig } from '../../apps/intervention-stats/src/config/intervention-stats.config';
import { createInterventionStatsApp } from '../../apps/intervention-stats/src/intervention-stats.app';
import { replayInterventionStats } from '../../apps/intervention-stats/src/replay/intervention-stats.replay';
import { pollUntil } from '../infra';
import { collectPageErrors, launchChromium } from '../support/chromium';
import {
  TEST_DASHBOARD_ENV,
  TEST_SUPERVISOR,
  TEST_SUPERVISOR_AUTH,
  TEST_SUPERVISOR_TOKEN,
} from '../support/dashboard-supervisor';
import { TEST_ADMIN_TOKEN } from '../support/gateway-harness';
import { type HandoverStack, startHandoverStack } from '../support/handover-stack';
import { readTopicUntil } from '../support/topic-reader';

const W = WALKTHROUGH;
/** bot-responder's ops admin API token, named dashboard: the failures panel reads with it. */
const OPS_TOKEN = 'dashboard-ops-token-0123456789abcdef';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const OUTCOMES = ['resolved_by_bot', 'handed_over', 'waiting', 'with_bot'] as const;
/** The one format of every instant the page shows (UTC). */
const INSTANT = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/;
const DAY_MS = 86_400_000;
/** A UTC day `days` after today's, as the page's period and the API's `from`/`to` write it. */
const utcDay = (days = 0): string => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

type Outcome = (typeof OUTCOMES)[number];
type DayFigures = Record<Outcome | 'conversations', number>;

/** Each chart's bar and point per day are the day's figures (none: zero bars, no containment point). */
function expectChartsToDraw(charts: ChartsSeen, expected: Map<string, DayFigures>): void {
  charts.labels.forEach((label, index) => {
    const day = expected.get(label);
    for (const outcome of OUTCOMES) {
      expect(charts.outcomes[outcome][index]).toBe(day?.[outcome] ?? 0);
    }
    expect(charts.containment[index]).toBe(day ? day.resolved_by_bot / day.conversations : null);
  });
}

/** /analytics/daily's rows (one per day, source and language) summed per day, as the charts draw them. */
function figuresPerDay(rows: ReadonlyArray<DayFigures & { day: string }>): Map<string, DayFigures> {
  const perDay = new Map<string, DayFigures>();
  for (const row of rows) {
    const day = perDay.get(row.day) ?? {
      conversations: 0,
      resolved_by_bot: 0,
      handed_over: 0,
      waiting: 0,
      with_bot: 0,
    };
    for (const key of [...OUTCOMES, 'conversations'] as const) {
      day[key] += row[key];
    }
    perDay.set(row.day, day);
  }
  return perDay;
}

interface Live {
  threads: {
    by_route: Record<'BOT' | 'WAITING' | 'AGENT', number>;
    waiting: Array<{ thread_id: string; waiting_ms: number }>;
  };
  availability: Array<{ source_id: string; available_agents: number; agent_ids: string[] }>;
  emergency: {
    active: boolean;
    current: { actor: string; reason: string; source_ids: string[] | null } | null;
  };
}

interface ChartsSeen {
  labels: string[];
  outcomes: Record<string, number[]>;
  containment: Array<number | null>;
  /** Per canvas: whether any pixel was painted. */
  painted: boolean[];
}

/** Read in the page: each KPI card's path into the summary, its raw figure and its text. */
const KPI_CARDS_IN_PAGE = `Array.from(document.querySelectorAll('[data-kpi]')).map((card) => {
  const value = card.querySelector('.value');
  return { path: card.dataset.kpi, value: value.dataset.value, text: value.textContent };
})`;

/** Read in the page: the Chart.js instances' data, and whether their canvases hold any pixel. */
const CHARTS_IN_PAGE = `(() => {
  const outcomes = Chart.getChart('chart-outcomes');
  const containment = Chart.getChart('chart-containment');
  const painted = ['chart-outcomes', 'chart-containment'].map((id) => {
    const canvas = document.getElementById(id);
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) {
      if (pixels[i] !== 0) return true;
    }
    return false;
  });
  return {
    labels: outcomes.data.labels.slice(),
    outcomes: Object.fromEntries(outcomes.data.datasets.map((dataset) => [dataset.key, dataset.data.slice()])),
    containment: containment.data.datasets[0].data.slice(),
    painted,
  };
})()`;

const SERIES = ['waiting_threads', 'available_agents', 'handover_requests', 'bot_replies'] as const;

interface Timeseries {
  resolution: 'minute' | 'day';
  points: Array<Record<(typeof SERIES)[number], number | null> & { at: string }>;
}

/** Read in the page: the time series chart's labels and each of its series. */
const TIMESERIES_IN_PAGE = `(() => {
  const chart = Chart.getChart('chart-timeseries');
  return {
    labels: chart.data.labels.slice(),
    series: Object.fromEntries(chart.data.datasets.map((dataset) => [dataset.key, dataset.data.slice()])),
  };
})()`;

/**
 * The dashboard as an operator sees it, in Debian's Chromium: a small day of conversations (3
 * resolved by the bot, 1 handed over on the email source, 1 waiting on the messaging source where
 * nobody is online), an agent online on the email channel, then the emergency switched on from the
 * page. The page must show exactly what the API says, and the switch must reach handover through
 * the gateway's admin API without the browser ever holding the token.
 */
describe('Dashboard of intervention-stats in Chromium (GET /dashboard)', () => {
  let stack: HandoverStack;
  let stats: NestFastifyApplication;
  let statsUrl: string;
  let statsEnv: Record<string, string>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const browserRequests: Array<{ url: string; authorization?: string }> = [];
  let waiting: string;

  /** What the page's figures were last asked with (GET /analytics/summary and /analytics/daily). */
  const pageQuery = async (): Promise<string> => (await page.getAttribute('body', 'data-query')) ?? '';

  /** Until the page shows the figures of this query, drawn at least once after the call. */
  async function waitForQuery(query: string): Promise<void> {
    const refreshes = async (): Promise<number> => Number(await page.getAttribute('body', 'data-refreshes'));
    const after = await refreshes();
    // Polled from here: the page's CSP refuses the string functions of page.waitForFunction.
    await pollUntil(async () => (await pageQuery()) === query && (await refreshes()) > after, {
      description: `the page to show the figures of ${query}`,
    });
  }

  /** The KPI cards and the charts show what the API answers for the page's own query. */
  /** The time series chart shows what GET /analytics/timeseries answers for the page's own query. */
  async function expectTimeseriesOfApi(): Promise<Timeseries> {
    const query = (await page.getAttribute('body', 'data-timeseries-query')) ?? '';
    const [answer, chart] = await Promise.all([
      get<Timeseries>(`/analytics/timeseries?${query}`),
      page.evaluate<{ labels: string[]; series: Record<string, Array<number | null>> }>(TIMESERIES_IN_PAGE),
    ]);
    expect(answer.points.length).toBeGreaterThan(0);
    expect(chart.labels).toHaveLength(answer.points.length);
    expect(chart.labels[0]).toBe(
      answer.resolution === 'day'
        ? answer.points[0].at.slice(0, 10)
        : answer.points[0].at.slice(0, 16).replace('T', ' '),
    );
    for (const key of SERIES) {
      expect({ key, values: chart.series[key] }).toEqual({
        key,
        values: answer.points.map((point) => point[key]),
      });
    }
    return answer;
  }

  async function expectFiguresOfApi(): Promise<{
    query: string;
    cards: Array<{ path: string; text: string }>;
  }> {
    const query = await pageQuery();
    const [summary, daily, cards, charts] = await Promise.all([
      get<Record<string, unknown>>(`/analytics/summary?${query}`),
      get<{ days: Array<DayFigures & { day: string }> }>(`/analytics/daily?${query}`),
      page.evaluate<Array<{ path: string; value: string; text: string }>>(KPI_CARDS_IN_PAGE),
      page.evaluate<ChartsSeen>(CHARTS_IN_PAGE),
    ]);
    expect(await pageQuery()).toBe(query);
    const figure = (path: string): unknown =>
      path.split('.').reduce<unknown>((object, key) => (object as Record<string, unknown>)[key], summary);
    for (const card of cards) {
      expect({ card: card.path, value: card.value === '' ? null : Number(card.value) }).toEqual({
        card: card.path,
        value: figure(card.path),
      });
    }
    const expected = figuresPerDay(daily.days);
    expect([...expected.keys()].filter((day) => !charts.labels.includes(day))).toEqual([]);
    expectChartsToDraw(charts, expected);
    await expectTimeseriesOfApi();
    return { query, cards };
  }

  /** The live counts by owner the page shows. */
  async function ownerCounts(): Promise<Live['threads']['by_route']> {
    const count = async (route: string): Promise<number> =>
      Number(await page.getAttribute(`[data-route="${route}"] .count`, 'data-count'));
    return { BOT: await count('BOT'), WAITING: await count('WAITING'), AGENT: await count('AGENT') };
  }

  async function get<T>(path: string): Promise<T> {
    const response = await fetch(`${statsUrl}${path}`, { headers: TEST_SUPERVISOR_AUTH });
    if (!response.ok) {
      throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as T;
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startHandoverStack(), launchChromium()]);
    const bot = await stack.startBot({ ADMIN_TOKENS: `dashboard=${OPS_TOKEN}` });
    await stack.startHandover();
    await stack.startPoller({ AVAILABILITY_SOURCE_IDS: `${W.sourceId},${W.emailSourceId}` });
    statsEnv = {
      ...stack.botEnv,
      ...TEST_DASHBOARD_ENV,
      LOG_LEVEL: 'silent',
      GATEWAY_URL: stack.gateway.internalUrl,
      GATEWAY_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      OPS_API_URLS: `bot-responder=${stack.internalUrlOf(bot)}`,
      OPS_API_TOKEN: OPS_TOKEN,
      DASHBOARD_REFRESH_MS: '1000',
    };
    stats = await createInterventionStatsApp(loadInterventionStatsConfig(statsEnv));
    await stats.init();
    await startConsuming(stats);
    await stats.listen({ port: 0, host: '127.0.0.1' });
    stack.onClose(() => stats.close());
    statsUrl = (await stats.getUrl()).replace('[::1]', '127.0.0.1');

    // An agent on the email channel only: the email source shows one, the messaging source none,
    // so the messaging customer who asks for a human waits.
    await stack.control('PUT', `/_control/agents/${W.agentUserId}/channels/${W.emailChannelId}`, {
      status: 'available',
    });
    for (let i = 0; i < 3; i += 1) {
      const hello = await stack.customerSays('Bonjour, où en est ma commande ?');
      await pollUntil(async () => (await stack.repliesByContent()).has(hello.id), {
        timeoutMs: 20_000,
        description: `the bot to answer ${hello.id}`,
      });
      await stack.customerSays('Merci !', hello.thread_id);
    }
    await stack.customerSays('I want to talk to a human', undefined, W.emailSourceId);
    waiting = (await stack.customerSays('Je voudrais parler à un conseiller')).thread_id;

    await pollUntil(
      async () => {
        const live = await get<Live>('/analytics/live');
        const email = live.availability.find((source) => source.source_id === W.emailSourceId);
        const routes = live.threads.by_route;
        return (
          routes.BOT === 3 && routes.AGENT === 1 && routes.WAITING === 1 && email?.available_agents === 1
        );
      },
      { timeoutMs: 60_000, intervalMs: 250, description: 'the scenario and availability to be projected' },
    );

    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    errors = collectPageErrors(page);
    page.on('request', (request) =>
      browserRequests.push({ url: request.url(), authorization: request.headers().authorization }),
    );
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.close();
  });

  it('should ask a supervisor to sign in, and sign them in with their token', async () => {
    const visit = await page.goto(`${statsUrl}/dashboard`);
    expect(visit?.url()).toBe(`${statsUrl}/dashboard/login`);
    expect(await page.isVisible('#login-token')).toBe(true);

    await page.fill('#login-token', 'not-the-token-of-anyone-0123456789');
    await Promise.all([page.waitForNavigation(), page.click('#login-submit')]);
    expect(await page.textContent('#login-problem')).toContain('not one of DASHBOARD_USERS');
    // Chromium logs the refused sign-in's 401 as a console error: expected here, and only here.
    expect(errors.splice(0)).toEqual([expect.stringContaining('401 (Unauthorized)')]);

    await page.fill('#login-token', TEST_SUPERVISOR_TOKEN);
    const [signedIn] = await Promise.all([page.waitForNavigation(), page.click('#login-submit')]);
    expect(signedIn?.url()).toBe(`${statsUrl}/dashboard`);
    expect(await page.textContent('#supervisor')).toBe(TEST_SUPERVISOR);
    const [session] = await context.cookies(statsUrl);
    expect(session).toMatchObject({ name: 'handover_session', httpOnly: true, sameSite: 'Strict' });
    expect(errors).toEqual([]);
  });

  it('should load under a strict CSP, without page errors, and show the KPI figures of /analytics/summary', async () => {
    const response = await page.goto(`${statsUrl}/dashboard`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('body[data-refreshes]');
    // The last 30 UTC days, today included, unless the URL says otherwise.
    expect(await pageQuery()).toBe(`from=${utcDay(-29)}&to=${utcDay(1)}`);
    const summary = await get<Record<string, unknown>>(`/analytics/summary?${await pageQuery()}`);

    const cards =
      await page.evaluate<Array<{ path: string; value: string; text: string }>>(KPI_CARDS_IN_PAGE);

    expect(cards.map((card) => card.path)).toEqual([
      'containment_rate',
      'handover_rate',
      'no_agent_rate',
      'time_to_first_bot_reply_ms.p50',
      'time_to_handover_ms.p50',
    ]);
    const figure = (path: string): unknown =>
      path.split('.').reduce<unknown>((object, key) => (object as Record<string, unknown>)[key], summary);
    for (const card of cards) {
      expect(Number(card.value)).toBe(figure(card.path));
    }
    // 3 of 5 resolved by the bot, 1 of 5 handed over, 1 of 2 handover requests queued.
    expect(cards.slice(0, 3).map((card) => card.text)).toEqual(['60.0%', '20.0%', '50.0%']);
    expect(cards[3].text).toMatch(/^\d+(\.\d)? m?s$/);
    expect(await page.textContent('#status')).toMatch(new RegExp(`^Updated ${INSTANT.source} · every`));
    expect(errors).toEqual([]);
  });

  it('should draw the charts with the data of /analytics/daily', async () => {
    const daily = await get<{ days: Array<DayFigures & { day: string }> }>(
      `/analytics/daily?${await pageQuery()}`,
    );
    const expected = figuresPerDay(daily.days);
    expect([...expected.values()].reduce((sum, day) => sum + day.conversations, 0)).toBe(5);

    const charts = await page.evaluate<ChartsSeen>(CHARTS_IN_PAGE);

    expect(charts.painted).toEqual([true, true]);
    expect(charts.labels).toHaveLength(30);
    expect(charts.labels.slice(-1)).toEqual([utcDay()]);
    expect([...expected.keys()].filter((day) => !charts.labels.includes(day))).toEqual([]);
    expectChartsToDraw(charts, expected);
    expect(errors).toEqual([]);
  });

  it('should show the live threads by owner with the waiting one, and the agents available per source', async () => {
    const source = (id: string): string => `#availability tr[data-source-id="${id}"]`;

    expect(await ownerCounts()).toEqual({ BOT: 3, WAITING: 1, AGENT: 1 });
    expect(await page.locator('#waiting tbody tr').count()).toBe(1);
    expect(await page.getAttribute('#waiting tbody tr', 'data-thread-id')).toBe(waiting);
    expect(await page.isHidden('#waiting-empty')).toBe(true);
    expect(await page.getAttribute(source(W.emailSourceId), 'data-available')).toBe('1');
    expect(await page.textContent(source(W.emailSourceId))).toContain(W.agentUserId);
    expect(await page.getAttribute(source(W.sourceId), 'data-available')).toBe('0');
    expect(await page.getAttribute('#emergency-state', 'data-active')).toBe('false');
    expect(await page.isEnabled('#emergency-switch')).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('should name the sources as RCED does, their ids on hover', async () => {
    const email = `#availability tr[data-source-id="${W.emailSourceId}"] td:first-child`;
    await page.waitForSelector(`${email}:text-is("Support email")`, { timeout: 15_000 });

    expect(await page.getAttribute(email, 'title')).toBe(`RCED source id ${W.emailSourceId}`);
    expect(await page.textContent(`#waiting tbody tr td:nth-child(2)`)).toBe('Dimelo Chat');
    expect(await page.getAttribute(`#waiting tbody tr td:nth-child(2)`, 'title')).toBe(
      `RCED source id ${W.sourceId}`,
    );
    expect(await page.textContent(`#filter-source option[value="${W.emailSourceId}"]`)).toBe('Support email');
    expect(await page.textContent(`#emergency-scope option[value="${W.emailSourceId}"]`)).toBe(
      'Source Support email',
    );
    expect(await page.textContent('#names-status')).toMatch(
      new RegExp(`^Names from RCED as of ${INSTANT.source}`),
    );
    expect(errors).toEqual([]);
  });

  it('should filter the figures by source, language and period as the API does, keep them in the URL, and restore them on reload', async () => {
    const unfiltered = await expectFiguresOfApi();
    expect(unfiltered.cards[1].text).toBe('20.0%');
    // Over 30 days, per day: today's bucket holds the 2 handover requests and the bot's replies.
    const days = await expectTimeseriesOfApi();
    expect(days.resolution).toBe('day');
    expect(days.points.at(-1)).toMatchObject({ at: `${utcDay()}T00:00:00.000Z`, handover_requests: 2 });

    // The email source: its one conversation was handed over.
    await page.selectOption('#filter-source', W.emailSourceId);
    await waitForQuery(`from=${utcDay(-29)}&to=${utcDay(1)}&source_id=${W.emailSourceId}`);
    const email = await expectFiguresOfApi();
    expect(email.cards.slice(0, 2).map((card) => card.text)).toEqual(['0.0%', '100.0%']);
    expect(new URL(page.url()).search).toBe(`?source_id=${W.emailSourceId}`);
    // The live panels: rows follow the source where they carry it; what does not is said, visibly.
    expect(await page.locator('#waiting tbody tr').count()).toBe(0);
    expect(await page.textContent('#waiting-empty')).toBe('Nobody waiting for this source and language.');
    expect(await page.locator('#availability tbody tr').count()).toBe(1);
    for (const ignoring of ['#failures-filters', '#emergency-filters']) {
      expect(await page.isVisible(`${ignoring}.ignored`)).toBe(true);
    }
    expect(await page.isVisible('#owners-filters.ignored')).toBe(false);
    expect(await page.isVisible('#waiting-filters.ignored')).toBe(false);
    // The live counts by owner are the API's for the same source: the email conversation is with agents.
    const emailLive = await get<Live>(`/analytics/live?source_id=${W.emailSourceId}`);
    expect(emailLive.threads.by_route).toEqual({ BOT: 0, WAITING: 0, AGENT: 1 });
    expect(await ownerCounts()).toEqual(emailLive.threads.by_route);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-filtered.png'), fullPage: true });
    expect(await page.textContent('#filter-summary')).toBe(
      `${utcDay(-29)} → ${utcDay()} (UTC days) · source Support email · all languages`,
    );

    // A language of the conversations, with the period of today only.
    await page.selectOption('#filter-source', '');
    const languages = (
      await Promise.all(
        (await page.locator('#filter-language option').all()).map((option) => option.getAttribute('value')),
      )
    ).filter((value): value is string => Boolean(value));
    expect(languages.length).toBeGreaterThan(0);
    await page.selectOption('#filter-language', languages[0]);
    await page.selectOption('#filter-range', 'today');
    const today = `from=${utcDay()}&to=${utcDay(1)}&language=${languages[0]}`;
    await waitForQuery(today);
    const byLanguage = await expectFiguresOfApi();
    // Today only: per minute, up to now.
    expect((await expectTimeseriesOfApi()).resolution).toBe('minute');
    expect(new URL(page.url()).search).toBe(`?range=today&language=${languages[0]}`);
    expect(await page.isVisible('#availability-filters.ignored')).toBe(true);

    // Reloaded (or shared), the URL shows the same view.
    await page.reload();
    await page.waitForSelector('body[data-refreshes]');
    await pollUntil(async () => (await pageQuery()) === today, {
      description: 'the reloaded page to ask the same',
    });
    expect(await page.inputValue('#filter-range')).toBe('today');
    expect(await page.inputValue('#filter-language')).toBe(languages[0]);
    expect((await expectFiguresOfApi()).cards).toEqual(byLanguage.cards);

    // Custom days, the last one included; then back to the default view.
    await page.selectOption('#filter-language', '');
    await page.selectOption('#filter-range', 'custom');
    expect(await page.isVisible('#filter-from')).toBe(true);
    await page.fill('#filter-from', utcDay(-3));
    await waitForQuery(`from=${utcDay(-3)}&to=${utcDay(1)}`);
    expect(new URL(page.url()).search).toBe(`?range=custom&from=${utcDay(-3)}&to=${utcDay()}`);
    const custom = await expectFiguresOfApi();
    expect(custom.cards).toEqual(unfiltered.cards);
    await page.goBack();
    await waitForQuery(`from=${utcDay()}&to=${utcDay(1)}`);
    expect(new URL(page.url()).search).toBe(`?range=custom&from=${utcDay()}&to=${utcDay()}`);
    expect(await page.inputValue('#filter-from')).toBe(utcDay());
    await page.click('#filter-reset');
    await waitForQuery(`from=${utcDay(-29)}&to=${utcDay(1)}`);
    expect(new URL(page.url()).search).toBe('');
    expect(errors).toEqual([]);
  }, 60_000);

  it("should open a waiting thread's timeline page from its link, with the events of /analytics/threads/:id", async () => {
    const api = await get<{
      thread: { source_id: string };
      timeline: Array<{ event_id: string; type: string }>;
    }>(`/analytics/threads/${waiting}`);
    const [visit] = await Promise.all([
      page.waitForNavigation(),
      page.click(`#waiting tr[data-thread-id="${waiting}"] a`),
    ]);

    expect(visit?.url()).toBe(`${statsUrl}/dashboard/threads/${waiting}`);
    expect(visit?.headers()).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': expect.stringContaining("script-src 'self'") as unknown,
      'cache-control': 'no-store',
      'referrer-policy': 'same-origin',
    });
    await page.waitForSelector('body[data-loaded="true"]');
    const rows = await page.locator('#timeline tbody tr').all();
    expect(await Promise.all(rows.map((row) => row.getAttribute('data-event-id')))).toEqual(
      api.timeline.map((entry) => entry.event_id),
    );
    expect(api.timeline.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['content.imported', 'handover.queued']),
    );
    const times = await page.locator('#timeline td.when').allTextContents();
    expect(times.filter((time) => !new RegExp(`^${INSTANT.source}$`).test(time))).toEqual([]);
    expect(await page.textContent('#thread-facts dd')).toBe('Dimelo Chat');
    expect(await page.getAttribute('#thread-facts dd', 'title')).toBe(
      `RCED source id ${api.thread.source_id}`,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-thread.png'), fullPage: true });

    await Promise.all([page.waitForNavigation(), page.click('a.back')]);
    expect(page.url()).toBe(`${statsUrl}/dashboard`);
    await page.waitForSelector('body[data-refreshes]');
    expect(errors).toEqual([]);
  });

  it('should fit a 420 px wide screen without scrolling sideways (tables scroll in their box)', async () => {
    const sideways = (): Promise<number> =>
      page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-desktop.png'), fullPage: true });
    try {
      await page.setViewportSize({ width: 420, height: 900 });
      await waitForQuery(await pageQuery());

      expect(await sideways()).toBe(0);
      expect(await page.isVisible('#filter-source')).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-420.png'), fullPage: true });
      await page.goto(`${statsUrl}/dashboard/threads/${waiting}`);
      await page.waitForSelector('body[data-loaded="true"]');
      expect(await sideways()).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard-thread-420.png'), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.goto(`${statsUrl}/dashboard`);
      await page.waitForSelector('body[data-refreshes]');
    }
    expect(errors).toEqual([]);
  });

  it('should switch the emergency on through the gateway once confirmed, and show it once handover applied it', async () => {
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.accept();
    });

    await page.click('#emergency-switch');
    await page.waitForSelector('#emergency-state[data-active="true"]', { timeout: 30_000 });

    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toMatch(/^confirm: Switch the emergency handover ON for all sources\?/);
    expect(await page.getAttribute('#emergency-switch', 'aria-checked')).toBe('true');
    expect(await page.textContent('#emergency-switch')).toBe('Switch the emergency OFF');
    // The actor is the signed-in supervisor, as the gateway records it: `<admin token name>:alice`.
    expect(await page.textContent('#emergency-detail')).toMatch(
      new RegExp(
        `^On for all sources since ${INSTANT.source}, by \\S*:${TEST_SUPERVISOR}: Switched from the dashboard`,
      ),
    );
    expect(await page.getAttribute('body', 'class')).toContain('emergency-on');
    // The gateway took the call: its command is on ops.commands.v1, made for the supervisor.
    const bySupervisor = (actor: unknown): boolean => String(actor).endsWith(`:${TEST_SUPERVISOR}`);
    const commands = await readTopicUntil(stack.kafka.brokers, TOPICS.opsCommands.name, (records) =>
      records.some((record) => bySupervisor(record.value.actor)),
    );
    const fromDashboard = commands.filter((record) => bySupervisor(record.value.actor));
    expect(fromDashboard).toHaveLength(1);
    expect(fromDashboard[0].value).toMatchObject({
      active: true,
      source_ids: null,
      reason: 'Switched from the dashboard',
    });
    const live = await get<Live>('/analytics/live');
    expect(live.emergency).toMatchObject({ active: true, current: { source_ids: null } });
    expect(bySupervisor(live.emergency.current?.actor)).toBe(true);
    // The audit trail shows who switched, what, and that handover applied it.
    const audited = `#emergency-audit li[data-supervisor="${TEST_SUPERVISOR}"][data-outcome="accepted"][data-applied="true"]`;
    await page.waitForSelector(audited, { timeout: 10_000 });
    expect(await page.textContent(audited)).toMatch(
      new RegExp(
        `^${INSTANT.source}: ${TEST_SUPERVISOR} switched ON for all sources \\(Switched from the dashboard\\) — accepted by the gateway, applied by handover ${INSTANT.source}$`,
      ),
    );
    // The browser only ever talked to intervention-stats, and never with a token.
    expect(browserRequests.length).toBeGreaterThan(0);
    expect(browserRequests.filter((request) => !request.url.startsWith(statsUrl))).toEqual([]);
    expect(browserRequests.filter((request) => request.authorization !== undefined)).toEqual([]);
    expect(await page.content()).not.toContain(TEST_ADMIN_TOKEN);
    expect(await page.content()).not.toContain(TEST_SUPERVISOR_TOKEN);
    expect(await page.content()).not.toContain(statsEnv.ENGAGE_API_TOKEN);

    // The emergency moves the BOT and WAITING threads to agents; the page follows.
    await page.waitForSelector('[data-route="AGENT"] .count[data-count="5"]', { timeout: 30_000 });
    expect(await page.isVisible('#waiting-empty')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-emergency.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);

  it('should refuse a bad switch with 400 or 415, and describe the new endpoints in OpenAPI', async () => {
    const [session] = await context.cookies(statsUrl);
    const csrf = await page.getAttribute('body', 'data-csrf-token');
    const post = (body: string, contentType = 'application/json'): Promise<Response> =>
      fetch(`${statsUrl}/dashboard/emergency`, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          cookie: `${session.name}=${session.value}`,
          'x-csrf-token': csrf ?? '',
        },
        body,
      });

    const bad = await post(JSON.stringify({ active: 'yes', scope: ['x'], reason: '' }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/active must be a boolean.*scope must hold RCED source ids/);
    expect((await post('active=true', 'text/plain')).status).toBe(415);

    const document = await get<{ paths: Record<string, unknown> }>('/docs');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/analytics/live', '/dashboard', '/dashboard/emergency']),
    );
  });

  it('should rebuild identical availability and emergency tables by replay', async () => {
    const report = await replayInterventionStats(loadInterventionStatsConfig(statsEnv), {
      timeoutMs: 60_000,
    });
    expect(report.differences).toEqual([]);
    const [rows] = await stack.query<{ availability: number; emergency: number }>(
      `SELECT (SELECT count(*)::int FROM intervention_stats.stats_source_availability) AS availability,
              (SELECT count(*)::int FROM intervention_stats.stats_emergency) AS emergency`,
    );
    expect(rows).toEqual({ availability: 2, emergency: 1 });
  }, 120_000);

  it('should count a record bot-responder parked in the failures panel, linked to its detail', async () => {
    const producer = new Kafka({ brokers: stack.kafka.brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    try {
      await producer.send({
        topic: TOPICS.engageEvents.name,
        messages: [
          {
            key: '5be1d047e20311250379c9f1',
            value: 'not json: another producer wrote this',
            headers: {
              [RECORD_HEADERS.eventType]: 'content.imported',
              [RECORD_HEADERS.eventId]: 'ev-not-json',
            },
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const [parked] = await pollUntil(
      async () => {
        const rows = await stack.query<{ key: string }>(
          `SELECT consumer || '/' || topic || '/' || partition || '/' || "offset" AS key
           FROM bot_responder.parked_record WHERE topic = $1`,
          [TOPICS.engageEvents.name],
        );
        return rows.length > 0 && rows;
      },
      { timeoutMs: 20_000, description: 'bot-responder to park the record' },
    );

    await page.waitForSelector('#failures-counts li[data-app="bot-responder"][data-parked="1"]', {
      timeout: 20_000,
    });
    const row = page.locator('#failures tbody tr[data-kind="parked"]');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('bot-responder');
    expect(await row.locator('td:nth-child(5)').textContent()).toMatch(new RegExp(`^${INSTANT.source}$`));
    expect(await page.isHidden('#failures-empty')).toBe(true);
    expect(await page.isHidden('#failures-disabled')).toBe(true);

    const detail = await page.evaluate(
      async (href) => {
        const response = await fetch(href, { headers: { accept: 'application/json' } });
        return { status: response.status, body: (await response.json()) as { record?: { key?: string } } };
      },
      (await row.locator('a', { hasText: 'detail' }).getAttribute('href')) ?? '',
    );
    expect(detail).toMatchObject({ status: 200, body: { record: { key: parked.key } } });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-failures.png'), fullPage: true });
    // The token never reached the browser.
    expect(browserRequests.filter((request) => request.authorization !== undefined)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
