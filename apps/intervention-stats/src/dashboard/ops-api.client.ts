import { ACTING_FOR_HEADER } from './gateway-admin.client';

/** One app's answer to GET /admin/ops/summary, as the dashboard shows it. */
export type AppFailures =
  { app: string; ok: true; summary: OpsSummaryView } | { app: string; ok: false; message: string };

/** The ops admin API's summary (libs/event-runtime OpsSummary), the fields the panel reads. */
export interface OpsSummaryView {
  effects: { failed: number; latestFailed: Array<Record<string, unknown>> };
  parked: { open: number; latestOpen: Array<Record<string, unknown>> };
}

export type OpsDetail =
  { kind: 'found'; body: unknown } | { kind: 'failed'; status: 404 | 502 | 504; message: string };

export interface OpsApiOptions {
  apps: ReadonlyArray<{ app: string; url: string }>;
  token: string;
  timeoutMs: number;
}

type Fetch = typeof fetch;
const LATEST = 5;

/**
 * The consumer apps' ops admin API (/admin/ops/*), read server-side for the dashboard's failures
 * panel: the token stays in this process, an error names the app and its origin only.
 */
export class OpsApiClient {
  constructor(
    private readonly options: OpsApiOptions,
    private readonly fetchFn: Fetch = fetch,
  ) {}

  get apps(): readonly string[] {
    return this.options.apps.map(({ app }) => app);
  }

  /** Every app's counts and latest failures; an app that does not answer is said so, the others shown. */
  failures(actingFor: string): Promise<AppFailures[]> {
    return Promise.all(
      this.options.apps.map(async ({ app, url }): Promise<AppFailures> => {
        const answer = await this.get(url, `/admin/ops/summary?latest=${LATEST}`, actingFor);
        return answer.kind === 'found' && isSummary(answer.body)
          ? { app, ok: true, summary: answer.body }
          : { app, ok: false, message: answer.kind === 'failed' ? answer.message : 'answered no summary' };
      }),
    );
  }

  /** One failed effect or parked record, with its audit: the detail the panel links to. */
  async detail(app: string, kind: 'effects' | 'parked', id: string, actingFor: string): Promise<OpsDetail> {
    const target = this.options.apps.find((entry) => entry.app === app);
    if (target === undefined) {
      return { kind: 'failed', status: 404, message: `No app ${app} in OPS_API_URLS` };
    }
    return this.get(target.url, `/admin/ops/${kind}/${encodeURIComponent(id)}`, actingFor);
  }

  private async get(base: string, path: string, actingFor: string): Promise<OpsDetail> {
    const origin = new URL(base).origin;
    let response: Response;
    try {
      response = await this.fetchFn(`${base}${path}`, {
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/json',
          [ACTING_FOR_HEADER]: actingFor,
        },
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return {
        kind: 'failed',
        status: timedOut ? 504 : 502,
        message: timedOut
          ? `${origin} did not answer within ${this.options.timeoutMs} ms`
          : `${origin} cannot be reached`,
      };
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) {
      return { kind: 'found', body };
    }
    switch (response.status) {
      case 401:
        return { kind: 'failed', status: 502, message: `${origin} refused OPS_API_TOKEN` };
      case 404:
        return {
          kind: 'failed',
          status: 404,
          message: `${origin} knows no such item, or has no ops admin API (ADMIN_TOKENS unset there)`,
        };
      default:
        return { kind: 'failed', status: 502, message: `${origin} answered ${response.status}` };
    }
  }
}

function isSummary(body: unknown): body is OpsSummaryView {
  const summary = body as Partial<OpsSummaryView> | undefined;
  return (
    typeof summary?.effects?.failed === 'number' &&
    Array.isArray(summary.effects.latestFailed) &&
    typeof summary.parked?.open === 'number' &&
    Array.isArray(summary.parked.latestOpen)
  );
}
