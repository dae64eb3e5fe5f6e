import { performance } from 'node:perf_hooks';
import { LatencyRecorder, type LatencySummary } from '../lib/latency-stats';
import { CpuMeter } from '../lib/process-stats';
import { PostgresCpuMeter } from './postgres-cpu.util';
import {
  type ConversationLog,
  conversationsOf,
  DAY_MS,
  OUTCOMES,
  type OutcomeCounts,
  SOURCES,
} from './conversation-log.generator';

export type Endpoint = 'summary' | 'daily' | 'interventions' | 'thread';
export const ENDPOINTS: readonly Endpoint[] = ['summary', 'daily', 'interventions', 'thread'];

/** One kind of question: a filter for summary and daily, a thread for the timeline. */
interface Variant {
  readonly endpoint: Endpoint;
  readonly name: string;
  path(index: number): string;
}

interface Filter {
  readonly name: string;
  readonly from: Date;
  readonly to: Date;
  readonly sourceId?: string;
  readonly language?: string;
}

export interface LoadFigures {
  readonly requests: number;
  readonly seconds: number;
  readonly failures: number;
  readonly firstFailure?: string;
  readonly overall: LatencySummary;
  readonly byVariant: Record<string, LatencySummary>;
  /** Percent of one core over the run: where the time of a request goes. */
  readonly cpu: { app?: number; postgres?: number };
}

export interface EndpointFigures {
  readonly sequential: LoadFigures;
  readonly concurrent: LoadFigures;
}

export interface CorrectnessCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface QueryPhaseResult {
  readonly filters: ReadonlyArray<{ name: string; query: string; conversations: number }>;
  readonly checks: readonly CorrectnessCheck[];
  readonly endpoints: Record<Endpoint, EndpointFigures>;
  readonly concurrency: number;
  readonly requestsPerEndpoint: number;
  readonly boundSecPerRun: number;
}

export interface QueryPhaseOptions {
  readonly requests: number;
  readonly concurrency: number;
  /** Each (endpoint, sequential|concurrent) run stops after this long, whatever it reached. */
  readonly boundSec: number;
}

/**
 * First checks the answers against what the log holds (conversations per filter, outcome counts, rates
 * summing to 1, each sampled thread's timeline), then times a few hundred requests per endpoint over
 * varied filters: one after the other, then `concurrency` at a time.
 */
export async function runAnalyticsQueries(
  server: { baseUrl: string; pid: number },
  log: ConversationLog,
  window: { from: Date; days: number },
  options: QueryPhaseOptions,
): Promise<QueryPhaseResult> {
  const filters = filtersOver(window);
  const threads = log.sampled;
  if (threads.length === 0) {
    throw new Error('no thread was sampled for GET /analytics/threads/:id');
  }
  const variants: Variant[] = [
    ...filters.map((filter) => ({
      endpoint: 'summary' as const,
      name: filter.name,
      path: () => `/analytics/summary?${queryOf(filter)}`,
    })),
    ...filters.map((filter) => ({
      endpoint: 'daily' as const,
      name: filter.name,
      path: () => `/analytics/daily?${queryOf(filter)}`,
    })),
    ...filters.map((filter) => ({
      endpoint: 'interventions' as const,
      name: filter.name,
      path: () => `/analytics/interventions?${queryOf(filter)}`,
    })),
    {
      endpoint: 'thread',
      name: `one of ${threads.length} sampled threads`,
      path: (index) => `/analytics/threads/${threads[index % threads.length].threadId}`,
    },
  ];

  process.stderr.write('• checking the analytics answers against the generated log\n');
  const { baseUrl } = server;
  const checks = await checkAnswers(baseUrl, log, filters);

  const endpoints = {} as Record<Endpoint, EndpointFigures>;
  for (const endpoint of ENDPOINTS) {
    const ofEndpoint = variants.filter((variant) => variant.endpoint === endpoint);
    process.stderr.write(`• GET /analytics/${endpoint}: ${options.requests} sequential requests\n`);
    const sequential = await timeRequests(server, ofEndpoint, options.requests, 1, options.boundSec);
    process.stderr.write(
      `• GET /analytics/${endpoint}: ${options.requests} requests, ${options.concurrency} at a time\n`,
    );
    const concurrent = await timeRequests(
      server,
      ofEndpoint,
      options.requests,
      options.concurrency,
      options.boundSec,
    );
    endpoints[endpoint] = { sequential, concurrent };
  }
  return {
    filters: filters.map((filter) => ({
      name: filter.name,
      query: queryOf(filter),
      conversations: conversationsOf(log.expectedOutcomes(filter)),
    })),
    checks,
    endpoints,
    concurrency: options.concurrency,
    requestsPerEndpoint: options.requests,
    boundSecPerRun: options.boundSec,
  };
}

function filtersOver(window: { from: Date; days: number }): Filter[] {
  const day = (offset: number): Date => new Date(window.from.getTime() + offset * DAY_MS);
  const hours = (offset: number, hour: number): Date => new Date(day(offset).getTime() + hour * 3_600_000);
  const month = { from: day(0), to: day(window.days) };
  const week = { from: day(7), to: day(14) };
  return [
    { name: 'whole month', ...month },
    { name: 'one week', ...week },
    { name: 'one source, month', ...month, sourceId: SOURCES[2].id },
    { name: 'one language, month', ...month, language: 'en' },
    { name: 'one day', from: day(10), to: day(11) },
    { name: 'source + language, week', ...week, sourceId: SOURCES[0].id, language: 'fr' },
    // Not on midnights, as a dashboard's "last 24 hours" or "last 30 days" asks: the partial days
    // at both ends are computed live.
    { name: 'one day, 14:00 to 14:00', from: hours(10, 14), to: hours(11, 14) },
    { name: 'month, 09:00 to 09:00', from: hours(0, 9), to: hours(window.days - 1, 9) },
  ];
}

/** The bench's supervisor (DASHBOARD_USERS of intervention-stats): the analytics API needs one. */
const BENCH_SUPERVISOR_TOKEN = 'bench-supervisor-token-0123456789abcdef';
export const BENCH_DASHBOARD_ENV: Readonly<Record<string, string>> = {
  DASHBOARD_USERS: `bench=${BENCH_SUPERVISOR_TOKEN}`,
  DASHBOARD_SESSION_SECRET: 'bench-dashboard-session-secret-0123456789',
};
const AUTHORIZATION = { authorization: `Bearer ${BENCH_SUPERVISOR_TOKEN}` };

function queryOf(filter: Filter): string {
  const query = new URLSearchParams({ from: filter.from.toISOString(), to: filter.to.toISOString() });
  if (filter.sourceId !== undefined) {
    query.set('source_id', filter.sourceId);
  }
  if (filter.language !== undefined) {
    query.set('language', filter.language);
  }
  return query.toString();
}

interface SummaryAnswer {
  conversations: number;
  outcomes: Record<string, { count: number; rate: number }>;
}

interface DailyAnswer {
  days: Array<Record<string, unknown>>;
}

interface ThreadAnswer {
  thread: { outcome?: string } | null;
  timeline: unknown[];
}

async function checkAnswers(
  baseUrl: string,
  log: ConversationLog,
  filters: readonly Filter[],
): Promise<CorrectnessCheck[]> {
  const checks: CorrectnessCheck[] = [];
  for (const filter of filters) {
    const expected = log.expectedOutcomes(filter);
    const summary = await getJson<SummaryAnswer>(`${baseUrl}/analytics/summary?${queryOf(filter)}`);
    const counts = Object.fromEntries(
      OUTCOMES.map((outcome) => [outcome, summary.outcomes[outcome]?.count ?? Number.NaN]),
    ) as OutcomeCounts;
    const rateSum = OUTCOMES.reduce((sum, outcome) => sum + (summary.outcomes[outcome]?.rate ?? 0), 0);
    checks.push(
      {
        name: `summary (${filter.name}): conversations = generated threads in range`,
        ok: summary.conversations === conversationsOf(expected),
        detail: `${summary.conversations} vs ${conversationsOf(expected)}`,
      },
      {
        name: `summary (${filter.name}): outcome counts as generated`,
        ok: OUTCOMES.every((outcome) => counts[outcome] === expected[outcome]),
        detail: OUTCOMES.map((outcome) => `${outcome} ${counts[outcome]}/${expected[outcome]}`).join(', '),
      },
      {
        name: `summary (${filter.name}): outcome rates sum to 1`,
        ok: Math.abs(rateSum - 1) < 1e-9 || (summary.conversations === 0 && rateSum === 0),
        detail: `${rateSum}`,
      },
    );
    const daily = await getJson<DailyAnswer>(`${baseUrl}/analytics/daily?${queryOf(filter)}`);
    // The daily listing covers every UTC day the range overlaps.
    const days = {
      ...filter,
      from: new Date(Math.floor(filter.from.getTime() / DAY_MS) * DAY_MS),
      to: new Date(Math.ceil(filter.to.getTime() / DAY_MS) * DAY_MS),
    };
    const expectedDays = log.expectedOutcomes(days);
    const dailyCounts = Object.fromEntries(
      OUTCOMES.map((outcome) => [
        outcome,
        daily.days.reduce((sum, row) => sum + Number(row[outcome] ?? Number.NaN), 0),
      ]),
    ) as OutcomeCounts;
    const dailyConversations = daily.days.reduce((sum, row) => sum + Number(row.conversations), 0);
    // Tells an end taken as inclusive (the whole day after the last one counted) from other mistakes.
    const withToDay = conversationsOf(
      log.expectedOutcomes({ ...days, to: new Date(days.to.getTime() + DAY_MS) }),
    );
    const inclusive =
      dailyConversations !== conversationsOf(expectedDays) && dailyConversations === withToDay
        ? `: that is [from, to + 1 day), the day of \`to\` (excluded) is counted`
        : '';
    checks.push({
      name: `daily (${filter.name}): conversations and outcomes over the days it overlaps, as generated`,
      ok:
        dailyConversations === conversationsOf(expectedDays) &&
        OUTCOMES.every((outcome) => dailyCounts[outcome] === expectedDays[outcome]),
      detail: `${dailyConversations} vs ${conversationsOf(expectedDays)} in ${daily.days.length} rows${inclusive}`,
    });
  }
  let timelinesRight = 0;
  let outcomesRight = 0;
  let firstWrong: string | undefined;
  for (const thread of log.sampled) {
    const answer = await getJson<ThreadAnswer>(`${baseUrl}/analytics/threads/${thread.threadId}`);
    const timelineOk = answer.timeline.length === thread.events;
    const outcomeOk = (answer.thread?.outcome ?? null) === thread.outcome;
    timelinesRight += timelineOk ? 1 : 0;
    outcomesRight += outcomeOk ? 1 : 0;
    if (!timelineOk || !outcomeOk) {
      firstWrong ??= `${thread.threadId}: ${answer.timeline.length}/${thread.events} events, outcome ${answer.thread?.outcome ?? null}/${thread.outcome}`;
    }
  }
  checks.push({
    name: 'threads/:id: timeline holds every generated event, outcome as generated',
    ok: timelinesRight === log.sampled.length && outcomesRight === log.sampled.length,
    detail: `${timelinesRight}/${log.sampled.length} timelines, ${outcomesRight}/${log.sampled.length} outcomes${firstWrong ? `; first wrong ${firstWrong}` : ''}`,
  });
  return checks;
}

async function timeRequests(
  { baseUrl, pid }: { baseUrl: string; pid: number },
  variants: readonly Variant[],
  requests: number,
  concurrency: number,
  boundSec: number,
): Promise<LoadFigures> {
  const overall = new LatencyRecorder();
  const byVariant = new Map(variants.map((variant) => [variant.name, new LatencyRecorder()]));
  const appCpu = new CpuMeter({ app: pid });
  const postgresCpu = new PostgresCpuMeter();
  const started = performance.now();
  const stopAt = started + boundSec * 1_000;
  let next = 0;
  let done = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const worker = async (): Promise<void> => {
    while (next < requests && performance.now() < stopAt) {
      const index = next++;
      const variant = variants[index % variants.length];
      const sent = performance.now();
      try {
        const response = await fetch(`${baseUrl}${variant.path(Math.floor(index / variants.length))}`, {
          headers: AUTHORIZATION,
          signal: AbortSignal.timeout(30_000),
        });
        const body = await response.text();
        if (response.status !== 200) {
          throw new Error(`${response.status} ${body.slice(0, 200)}`);
        }
        const elapsed = performance.now() - sent;
        overall.record(elapsed);
        byVariant.get(variant.name)?.record(elapsed);
        done++;
      } catch (error) {
        failures++;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = { app: appCpu.finish().processes.app, postgres: postgresCpu.finish() };
  return {
    requests: done,
    seconds: (performance.now() - started) / 1_000,
    failures,
    firstFailure,
    overall: overall.summary(),
    byVariant: Object.fromEntries([...byVariant].map(([name, recorder]) => [name, recorder.summary()])),
    cpu,
  };
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: AUTHORIZATION, signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text) as T;
}
