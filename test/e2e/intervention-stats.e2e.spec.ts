import { engageEventThreadId, type EngageEvent, TOPICS } from '@handover/contracts';
import { createKafkaClient } from '@handover/kafka';
import { DATA_SOURCE, endOffsets, lagging, startConsuming } from '@handover/event-runtime';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type DataSource } from 'typeorm';
import { WALKTHROUGH } from '../../apps/engage-simulator/src/platform/platform-seed';
import { loadInterventionStatsConfig } from '../../apps/intervention-stats/src/config/intervention-stats.config';
import { createInterventionStatsApp } from '../../apps/intervention-stats/src/intervention-stats.app';
import { versionedGroupId } from '../../apps/intervention-stats/src/projection/projection-version';
import { replayInterventionStats } from '../../apps/intervention-stats/src/replay/intervention-stats.replay';
import { listenHttp } from '@handover/observability';
import { pollUntil } from '../infra';
import { TEST_DASHBOARD_ENV, TEST_SUPERVISOR_AUTH } from '../support/dashboard-supervisor';
import { type HandoverStack, startHandoverStack } from '../support/handover-stack';

const W = WALKTHROUGH;

interface Summary {
  conversations: number;
  outcomes: Record<string, { count: number; rate: number }>;
  containment_rate: number;
  handover_rate: number;
  handover_rate_by_reason: Record<string, number>;
  no_agent_rate: number;
  bounce_back_rate: number;
  time_to_first_bot_reply_ms: { p50: number | null; p90: number | null };
  time_to_handover_ms: { p50: number | null; p90: number | null };
}

/**
 * A scripted day whose figures are computed by hand: 10 conversations, 6 resolved by the bot,
 * 3 handed over (2 asked for a human, 1 after the bot failed to understand twice), 1 still waiting
 * for an agent. Containment 6/10, handover 3/10 (explicit 2/10, fallbacks 1/10), waiting 1/10;
 * 4 handover requests of which 1 found nobody: no-agent rate 1/4.
 */
describe('intervention-stats', () => {
  let stack: HandoverStack;
  let stats: NestFastifyApplication;
  let statsEnv: Record<string, string>;
  let statsInternalUrl: string;
  const threads: string[] = [];

  beforeAll(async () => {
    stack = await startHandoverStack();
    await stack.startBot();
    await stack.startHandover();
    statsEnv = { ...stack.botEnv, ...TEST_DASHBOARD_ENV, BOT_USER_ID: W.botUserId, LOG_LEVEL: 'silent' };
    stats = await createInterventionStatsApp(loadInterventionStatsConfig(statsEnv));
    await stats.init();
    await startConsuming(stats);
    statsInternalUrl = (await listenHttp(stats, { port: 0, host: '127.0.0.1' }, { internalPort: 0 }))
      .internalUrl;
    stack.onClose(() => stats.close());

    const answered = async (contentId: string): Promise<void> => {
      await pollUntil(async () => (await stack.repliesByContent()).has(contentId), {
        timeoutMs: 20_000,
        description: `the bot to answer ${contentId}`,
      });
    };
    for (let i = 0; i < 6; i += 1) {
      const hello = await stack.customerSays('Bonjour, où en est ma commande ?');
      threads.push(hello.thread_id);
      await answered(hello.id);
      await stack.customerSays('Merci !', hello.thread_id);
    }
    for (let i = 0; i < 2; i += 1) {
      threads.push(
        (await stack.customerSays('I want to talk to a human', undefined, W.emailSourceId)).thread_id,
      );
    }
    const lost = await stack.customerSays('xqzt blorp vrrk', undefined, W.emailSourceId);
    threads.push(lost.thread_id);
    await answered(lost.id);
    await stack.customerSays('plonk zirbu kwaaa', lost.thread_id, W.emailSourceId);
    // Realtime source, nobody online: waits.
    threads.push((await stack.customerSays('Je voudrais parler à un conseiller')).thread_id);

    await pollUntil(
      async () => {
        const summary = await get<Summary>('/analytics/summary');
        return (
          summary.conversations === 10 &&
          summary.outcomes.resolved_by_bot.count === 6 &&
          summary.outcomes.handed_over.count === 3 &&
          summary.outcomes.waiting.count === 1
        );
      },
      { timeoutMs: 60_000, intervalMs: 250, description: 'the scenario to be projected' },
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function get<T>(path: string): Promise<T> {
    const response = await fetch(`${await stats.getUrl()}${path}`, { headers: TEST_SUPERVISOR_AUTH });
    if (!response.ok) {
      throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as T;
  }

  it('should give exactly the hand-computed figures, and rates that never exceed 100%', async () => {
    const summary = await get<Summary>('/analytics/summary');

    expect(summary.conversations).toBe(10);
    expect(summary.containment_rate).toBe(0.6);
    expect(summary.handover_rate).toBe(0.3);
    expect(summary.outcomes.waiting.rate).toBe(0.1);
    expect(summary.outcomes.with_bot.count).toBe(0);
    expect(summary.handover_rate_by_reason).toEqual({ explicit: 0.2, fallbacks: 0.1 });
    expect(summary.no_agent_rate).toBe(0.25);
    expect(summary.bounce_back_rate).toBe(0);
    const outcomeRates = Object.values(summary.outcomes).map((outcome) => outcome.rate);
    expect(outcomeRates.reduce((sum, rate) => sum + rate, 0)).toBeCloseTo(1, 12);
    for (const rate of [
      ...outcomeRates,
      summary.containment_rate,
      summary.handover_rate,
      summary.no_agent_rate,
    ]) {
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(1);
    }
    expect(summary.time_to_first_bot_reply_ms.p50).toBeGreaterThan(0);
    expect(summary.time_to_handover_ms.p90).toBeGreaterThanOrEqual(summary.time_to_handover_ms.p50 ?? 0);
  });

  it('should expose its consumer on /metrics: records applied, lag, parked records', async () => {
    const metrics = await (await fetch(`${statsInternalUrl}/metrics`)).text();

    expect(metrics).toMatch(/^intervention_stats_records_total\{[^}]*outcome="applied"[^}]*\} [1-9]/m);
    expect(metrics).toMatch(/^intervention_stats_consumer_lag\{[^}]*topic="bot\.events\.v1"[^}]*\} \d+$/m);
    expect(metrics).toMatch(/^intervention_stats_parked_records\{[^}]*\} 0$/m);
  });

  it('should filter by source and language', async () => {
    const email = await get<Summary>(`/analytics/summary?source_id=${W.emailSourceId}`);
    expect(email.conversations).toBe(3);
    expect(email.handover_rate).toBe(1);
    const english = await get<Summary>('/analytics/summary?language=en');
    expect(english.conversations).toBe(2);
    const none = await get<Summary>('/analytics/summary?to=2020-01-01');
    expect(none).toMatchObject({ conversations: 0, containment_rate: 0, no_agent_rate: 0 });
  });

  it('should describe its API in OpenAPI at /docs', async () => {
    const document = await get<{ openapi: string; paths: Record<string, unknown> }>('/docs');
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/analytics/summary', '/analytics/daily', '/analytics/threads/{threadId}']),
    );
    expect(await (await fetch(`${await stats.getUrl()}/docs/yaml`)).text()).toContain('/analytics/summary:');
  });

  it('should tell the interventions the bot opened and closed from the others', async () => {
    const { groups } = await get<{ groups: Array<{ opened_by: string; closed_by: string; count: number }> }>(
      '/analytics/interventions',
    );
    // The bot opened one intervention per conversation before its first reply; it closed the 6 it resolved.
    const count = (opened: string, closed: string): number =>
      groups.find((group) => group.opened_by === opened && group.closed_by === closed)?.count ?? 0;
    expect(count('bot', 'bot')).toBe(6);
    expect(count('bot', 'open')).toBe(4);
    expect(groups.reduce((sum, group) => sum + group.count, 0)).toBe(10);
  });

  it('should give daily figures that add up to the summary over the same range, `to` excluded', async () => {
    const day = (offset: number): string =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    for (const [from, to] of [
      [day(-2), day(1)],
      [day(-2), day(0)],
      [day(1), day(2)],
    ]) {
      const range = `from=${from}&to=${to}`;
      const { days } = await get<{ days: Array<{ conversations: number }> }>(`/analytics/daily?${range}`);
      const summary = await get<Summary>(`/analytics/summary?${range}`);
      expect(days.reduce((sum, row) => sum + row.conversations, 0)).toBe(summary.conversations);
    }
    const whole = await get<Summary>(`/analytics/summary?from=${day(-2)}&to=${day(1)}`);
    expect(whole.conversations).toBe(10);
  });

  it('should refuse a bad filter with a 400 that names it', async () => {
    const response = await fetch(`${await stats.getUrl()}/analytics/summary?from=yesterday`, {
      headers: TEST_SUPERVISOR_AUTH,
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('from must be an RFC 3339 date-time');
  });

  it('should give the timeline of one thread across topics, in time order', async () => {
    const handedOver = threads[6];
    const { thread, timeline } = await get<{
      thread: Record<string, unknown>;
      timeline: Array<{ type: string; at: string }>;
    }>(`/analytics/threads/${handedOver}`);
    expect(thread).toMatchObject({ outcome: 'handed_over', handover_reason: 'explicit', route: 'AGENT' });
    const types = timeline.map((entry) => entry.type);
    expect(types.indexOf('bot.handover_requested')).toBeLessThan(types.indexOf('thread.handed_over'));
    expect(types[0]).toBe('content.imported');
    expect([...timeline].sort((a, b) => a.at.localeCompare(b.at)).map((entry) => entry.at)).toEqual(
      timeline.map((entry) => entry.at),
    );
  });

  it('should count a message RCED delivers three times once', async () => {
    const threadId = threads[0];
    const before = await get<{ thread: Record<string, unknown>; timeline: unknown[] }>(
      `/analytics/threads/${threadId}`,
    );
    const events = (await stack.simulator.request('GET', '/_control/events'))
      .body as unknown as EngageEvent[];
    const first = events.find(
      (event) => event.type === 'content.imported' && engageEventThreadId(event) === threadId,
    );
    expect(first).toBeDefined();
    for (const envelopeId of ['stats-redelivery-1', 'stats-redelivery-2']) {
      const response = await stack.gateway.postWebhook({ id: envelopeId, domain_id: '1', events: [first] });
      expect(response.status).toBe(200);
    }
    const ends = await endOffsets(
      createKafkaClient({ brokers: stack.kafka.brokers, clientId: 'stats-redelivery' }),
      [TOPICS.engageEvents.name],
    );
    const dataSource = stats.get<DataSource>(DATA_SOURCE);
    const consumer = versionedGroupId(loadInterventionStatsConfig(statsEnv).KAFKA_GROUP_ID);
    await pollUntil(async () => (await lagging(dataSource, consumer, ends)).length === 0, {
      timeoutMs: 20_000,
      description: 'intervention-stats to consume the redelivered records',
    });

    const after = await get<{ thread: Record<string, unknown>; timeline: unknown[] }>(
      `/analytics/threads/${threadId}`,
    );
    expect(after.thread.customer_messages).toBe(before.thread.customer_messages);
    expect(after.timeline).toHaveLength(before.timeline.length);
    expect((await get<Summary>('/analytics/summary')).conversations).toBe(10);
  });

  it('should chart the last hour per minute: the 4 handover requests, the bot’s replies, the queue', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const series = await get<{
      resolution: string;
      points: Array<{ at: string; handover_requests: number; bot_replies: number; waiting_threads: number }>;
    }>(`/analytics/timeseries?from=${from}`);
    expect(series.resolution).toBe('minute');
    expect(series.points.length).toBeGreaterThanOrEqual(60);
    expect(series.points.reduce((sum, point) => sum + point.handover_requests, 0)).toBe(4);
    expect(series.points.reduce((sum, point) => sum + point.bot_replies, 0)).toBeGreaterThanOrEqual(6);
    // The realtime customer nobody could take waited in the queue.
    expect(Math.max(...series.points.map((point) => point.waiting_threads))).toBeGreaterThanOrEqual(1);
    const document = await get<{ paths: Record<string, unknown> }>('/docs');
    expect(Object.keys(document.paths)).toContain('/analytics/timeseries');
  });

  it('should rebuild identical aggregates by replay', async () => {
    const report = await replayInterventionStats(loadInterventionStatsConfig(statsEnv), {
      timeoutMs: 60_000,
    });
    expect(report.differences).toEqual([]);
  }, 120_000);
});
