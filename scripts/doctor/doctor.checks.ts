import {
  EngageApiError,
  EngageApiErrorCode,
  type EngageCategory,
  type EngageSource,
  type EngageUser,
  type ListUsersFilter,
} from '@handover/engage-client';
import { type DoctorSettings } from './doctor.config';
import { type CheckResult } from './doctor.result';

/** The EngageClient calls the doctor makes: the real client in the CLI, a fake in unit tests. */
export interface DoctorPlatform {
  listCategories(): Promise<EngageCategory[]>;
  getSource(id: string): Promise<EngageSource>;
  listUsers(filter: ListUsersFilter): Promise<EngageUser[]>;
}

export interface HandshakeResponse {
  status: number;
  text(): Promise<string>;
}

/** A GET that does not follow redirects (global fetch with `redirect: 'manual'` in the CLI). */
export type HttpGet = (url: string, options: { timeoutMs: number }) => Promise<HandshakeResponse>;

export interface DoctorDeps {
  /** Undefined when the ENGAGE_* variables do not make a usable client. */
  platform?: DoctorPlatform;
  get: HttpGet;
  /** A fresh random challenge per run. */
  challenge: () => string;
  handshakeTimeoutMs?: number;
}

const HANDSHAKE_TIMEOUT_MS = 10_000;

/** Checks 2 to 6, in order; check 1 (configuration) is readDoctorConfig's. */
export async function runChecks(settings: DoctorSettings, deps: DoctorDeps): Promise<CheckResult[]> {
  return [...(await platformChecks(settings, deps.platform)), await checkWebhook(settings, deps)];
}

async function platformChecks(
  settings: DoctorSettings,
  platform: DoctorPlatform | undefined,
): Promise<CheckResult[]> {
  if (!platform || !settings.engage) {
    return [
      skip('API token', 'Not tried: the ENGAGE_* variables must be set and valid first (see configuration).'),
      skip('categories, sources, agents', 'Not checked: the platform cannot be called.'),
    ];
  }
  let categories: EngageCategory[];
  try {
    categories = await platform.listCategories();
  } catch (error) {
    return [
      tokenFailure(error, settings),
      skip('categories, sources, agents', 'Not checked: GET /categories failed (see API token).'),
    ];
  }
  return [
    {
      title: 'API token',
      status: 'PASS',
      sentence: `RCED accepts the token (GET /categories: ${categories.length} categories).`,
    },
    ...checkCategories(settings, categories),
    ...(await checkSources(settings, platform)),
    await checkAgents(settings, platform, categories),
  ];
}

/** Check 2's failures, from the cheapest authenticated call. */
function tokenFailure(error: unknown, settings: DoctorSettings): CheckResult {
  const where = describeBaseUrl(settings.engage?.ENGAGE_BASE_URL);
  const title = 'API token';
  if (!(error instanceof EngageApiError)) {
    return fail(
      title,
      `GET /categories failed unexpectedly: ${errorName(error)}.`,
      'Run again; report it if it lasts.',
    );
  }
  const status = error.status;
  switch (error.code) {
    case EngageApiErrorCode.NetworkError:
      return fail(
        title,
        `Cannot reach ENGAGE_BASE_URL (${where}): no connection could be made.`,
        'Check the host name in ENGAGE_BASE_URL, DNS and any firewall or proxy between here and RCED.',
      );
    case EngageApiErrorCode.Timeout:
      return fail(
        title,
        `ENGAGE_BASE_URL (${where}) did not answer within ENGAGE_TIMEOUT_MS (${settings.engage?.ENGAGE_TIMEOUT_MS} ms).`,
        'Check that the host is RCED and reachable from here; raise ENGAGE_TIMEOUT_MS only if it is just slow.',
      );
    case EngageApiErrorCode.RateLimited:
      return fail(
        title,
        'RCED refused the call for now (429: over the 500 requests/minute shared by the whole account).',
        'Run the doctor again in a minute.',
      );
    case EngageApiErrorCode.ServerError:
      return fail(
        title,
        `RCED answered GET /categories with an error (HTTP ${status}).`,
        'Run again later; if it lasts, check RCED status with RingCentral.',
      );
    case EngageApiErrorCode.InvalidResponse:
      return fail(
        title,
        `ENGAGE_BASE_URL (${where}) answered GET /categories, but not with RCED's JSON (HTTP ${status}).`,
        'ENGAGE_BASE_URL must be the API root ending with the version, e.g. https://<account>.api.engagement.dimelo.com/1.0',
      );
    case EngageApiErrorCode.ClientError:
      if (status === 401 || status === 403) {
        return fail(
          title,
          `The API token is refused (HTTP ${status}).`,
          'Set ENGAGE_API_TOKEN to a valid access token of this RCED account (Admin > API access tokens), ' +
            'its user allowed to read categories, sources and users.',
        );
      }
      if (status === 404) {
        return fail(
          title,
          `ENGAGE_BASE_URL (${where}) has no GET /categories (HTTP 404).`,
          'ENGAGE_BASE_URL must be the API root ending with the version, e.g. https://<account>.api.engagement.dimelo.com/1.0',
        );
      }
      return fail(
        title,
        `RCED refused GET /categories (HTTP ${status}).`,
        'Check ENGAGE_BASE_URL and ENGAGE_AUTH_MODE.',
      );
  }
}

/** Check 3: both categories exist, differ, and what they are called. */
function checkCategories(settings: DoctorSettings, categories: readonly EngageCategory[]): CheckResult[] {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const one = (variable: string, role: 'BOT' | 'AGENT', id: string | undefined): CheckResult => {
    const title = `${role} category`;
    if (id === undefined) {
      return skip(
        title,
        `${variable} is not set: ${role === 'BOT' ? 'bot-responder and handover need it' : 'handover needs it (the availability-poller needs it or AGENT_TEAM_ID)'}.`,
      );
    }
    const category = byId.get(id);
    if (!category) {
      const namesake = categories.find((c) => c.name.trim().toUpperCase() === role);
      return fail(
        title,
        `${variable}=${id} is not a category of this RCED account.`,
        namesake
          ? `A category named "${namesake.name}" has id ${namesake.id}: set ${variable} to it if it is the one.`
          : `Create the ${role} category in RCED (Admin > Categories) and set ${variable} to its id.`,
      );
    }
    return { title, status: 'PASS', sentence: `${variable} is the category "${category.name}".` };
  };
  const bot = one('BOT_CATEGORY_ID', 'BOT', settings.botCategoryId);
  const agent = one('AGENT_CATEGORY_ID', 'AGENT', settings.agentCategoryId);
  if (settings.botCategoryId !== undefined && settings.botCategoryId === settings.agentCategoryId) {
    return [
      bot,
      fail(
        'AGENT category',
        'AGENT_CATEGORY_ID is the same category as BOT_CATEGORY_ID: a handed-over thread would still be the bot’s.',
        'Set AGENT_CATEGORY_ID to the AGENT category, distinct from BOT.',
      ),
    ];
  }
  return [bot, agent];
}

/** Check 4: each listed source exists and is active; realtime ones give new threads the BOT category. */
async function checkSources(settings: DoctorSettings, platform: DoctorPlatform): Promise<CheckResult[]> {
  const realtime = new Set(settings.realtimeSourceIds);
  const watched = new Set(settings.availabilitySourceIds);
  const ids = [...new Set([...settings.realtimeSourceIds, ...settings.availabilitySourceIds])];
  if (ids.length === 0) {
    return [skip('sources', 'HANDOVER_REALTIME_SOURCE_IDS and AVAILABILITY_SOURCE_IDS list no source.')];
  }
  const results: CheckResult[] = [];
  for (const id of ids) {
    const lists = [
      ...(realtime.has(id) ? ['HANDOVER_REALTIME_SOURCE_IDS'] : []),
      ...(watched.has(id) ? ['AVAILABILITY_SOURCE_IDS'] : []),
    ].join(' and ');
    const title = `source ${id}`;
    let source: EngageSource;
    try {
      source = await platform.getSource(id);
    } catch (error) {
      results.push(sourceFailure(title, id, lists, error));
      continue;
    }
    const named = `"${source.name}" (${source.type})`;
    if (source.active === false) {
      results.push(
        fail(
          title,
          `Source ${named} in ${lists} exists but is inactive: no message comes from it.`,
          'Activate it in RCED (Admin > Sources) or remove it from the list.',
        ),
      );
      continue;
    }
    const warnings: string[] = [];
    const fixes: string[] = [];
    const defaults = source.default_category_ids ?? [];
    if (
      realtime.has(id) &&
      settings.botCategoryId !== undefined &&
      !defaults.includes(settings.botCategoryId)
    ) {
      warnings.push('its default categories do not include BOT, so the bot answers no new thread there');
      fixes.push('add the BOT category to the source’s default categories in RCED (Admin > Sources)');
    }
    if (realtime.has(id) && watched.size > 0 && !watched.has(id)) {
      warnings.push(
        'AVAILABILITY_SOURCE_IDS does not list it, so handover never sees a free agent there and every customer waits',
      );
      fixes.push('add it to AVAILABILITY_SOURCE_IDS');
    }
    results.push(
      warnings.length > 0
        ? {
            title,
            status: 'WARN',
            sentence: `Source ${named} is active, but ${warnings.join('; and ')}.`,
            fix: `${capitalize(fixes.join('; '))}.`,
          }
        : { title, status: 'PASS', sentence: `Source ${named} exists and is active.` },
    );
  }
  return results;
}

function sourceFailure(title: string, id: string, lists: string, error: unknown): CheckResult {
  if (error instanceof EngageApiError && error.code === EngageApiErrorCode.ClientError) {
    if (error.status === 404) {
      return fail(
        title,
        `Source ${id} in ${lists} does not exist on this RCED account.`,
        `Correct the id in ${lists} (Admin > Sources shows each source's id) or remove it.`,
      );
    }
    if (error.status === 401 || error.status === 403) {
      return fail(
        title,
        `The API token may not read source ${id} (HTTP ${error.status}).`,
        'Give the token’s user access to this source in RCED, or correct the id.',
      );
    }
  }
  return fail(title, `Source ${id} could not be read: ${describeError(error)}.`, 'Run the doctor again.');
}

/** Check 5: someone can take handed-over threads (the availability-poller's rule: category or team). */
async function checkAgents(
  settings: DoctorSettings,
  platform: DoctorPlatform,
  categories: readonly EngageCategory[],
): Promise<CheckResult> {
  const title = 'agents';
  const { agentCategoryId: categoryId, agentTeamId: teamId } = settings;
  if (categoryId === undefined && teamId === undefined) {
    return skip(title, 'Neither AGENT_CATEGORY_ID nor AGENT_TEAM_ID is set.');
  }
  let byCategory: EngageUser[];
  let byTeam: EngageUser[];
  try {
    byCategory = categoryId === undefined ? [] : await platform.listUsers({ categoryId });
    byTeam = teamId === undefined ? [] : await platform.listUsers({ teamId });
  } catch (error) {
    return fail(
      title,
      `GET /users failed: ${describeError(error)}.`,
      'Give the token’s user the right to list users.',
    );
  }
  const enabled = (users: EngageUser[]) => users.filter((user) => user.enabled !== false);
  const agents = new Set([...enabled(byCategory), ...enabled(byTeam)].map((user) => user.id));
  const categoryName = categories.find((category) => category.id === categoryId)?.name;
  const parts = [
    ...(categoryId === undefined
      ? []
      : [
          `${enabled(byCategory).length} hold AGENT_CATEGORY_ID${categoryName ? ` ("${categoryName}")` : ', which is not a category'}`,
        ]),
    ...(teamId === undefined ? [] : [`${enabled(byTeam).length} are in AGENT_TEAM_ID`]),
  ];
  if (agents.size === 0) {
    return {
      title,
      status: 'WARN',
      sentence: `No enabled user can take a handed-over thread (${parts.join(', ')}): customers handed over would wait for nobody.`,
      fix: 'Give the AGENT category to the agents’ users in RCED (Admin > Users), or set AGENT_TEAM_ID to their team.',
    };
  }
  return {
    title,
    status: 'PASS',
    sentence: `${agents.size} enabled ${agents.size === 1 ? 'user' : 'users'} can take handovers (${parts.join(', ')}).`,
  };
}

/** Check 6: RCED's verification handshake against the public URL, as RCED itself sends it. */
export async function checkWebhook(settings: DoctorSettings, deps: DoctorDeps): Promise<CheckResult> {
  const title = 'webhook handshake';
  if (settings.webhookUrl === undefined) {
    return skip(
      title,
      'DOCTOR_WEBHOOK_URL is not set (or not a valid URL): the webhook was not tried.',
      'Set DOCTOR_WEBHOOK_URL to the URL RCED calls, e.g. https://hooks.example.com/webhooks/engage.',
    );
  }
  if (settings.verifyToken === undefined) {
    return fail(
      title,
      'ENGAGE_VERIFY_TOKEN is not set, so the handshake cannot be tried (the gateway requires it too).',
      'Set ENGAGE_VERIFY_TOKEN to the webhook’s Verification Token in RCED.',
    );
  }
  const url = new URL(settings.webhookUrl);
  const shown = `${url.origin}${url.pathname}`;
  const challenge = deps.challenge();
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.verify_token', settings.verifyToken);
  url.searchParams.set('hub.challenge', challenge);
  let status: number;
  let body: string;
  try {
    const response = await deps.get(url.toString(), {
      timeoutMs: deps.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
    });
    status = response.status;
    body = status === 200 ? await response.text() : '';
  } catch (error) {
    const timedOut = isTimeout(error);
    return fail(
      title,
      timedOut
        ? `${shown} did not answer within ${(deps.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS) / 1000} s.`
        : `${shown} does not answer (${networkCause(error)}).`,
      'Check that the gateway runs and that this URL reaches it from the internet (DNS, TLS, load balancer).',
    );
  }
  if (status === 200 && body === challenge) {
    return { title, status: 'PASS', sentence: `${shown} answers the handshake with the challenge.` };
  }
  if (status === 200) {
    return fail(
      title,
      `${shown} answered 200 but not with the challenge, so RCED would refuse it.`,
      'DOCTOR_WEBHOOK_URL must reach the gateway’s /webhooks/engage, not another page.',
    );
  }
  if (status === 403) {
    return fail(
      title,
      `${shown} refused the verify token (403): the gateway's ENGAGE_VERIFY_TOKEN is not this one.`,
      'Use one value for ENGAGE_VERIFY_TOKEN here, in the gateway, and as the webhook’s Verification Token in RCED; restart the gateway.',
    );
  }
  if (status === 404) {
    return fail(
      title,
      `${shown} answered 404: there is no webhook at this path.`,
      'DOCTOR_WEBHOOK_URL (and the URL in RCED) must end with /webhooks/engage.',
    );
  }
  if (status >= 300 && status < 400) {
    return fail(
      title,
      `${shown} answered ${status} (a redirect) instead of the challenge.`,
      'Give RCED the final URL (often https:// instead of http://, or without a trailing slash).',
    );
  }
  return fail(
    title,
    `${shown} answered ${status} instead of 200 with the challenge.`,
    status >= 500
      ? 'The gateway (or what is in front of it) is failing: check its logs and GET /health.'
      : 'Check that DOCTOR_WEBHOOK_URL reaches the gateway’s /webhooks/engage.',
  );
}

/** The host and path of ENGAGE_BASE_URL, never credentials or a query string. */
function describeBaseUrl(baseUrl: string | undefined): string {
  try {
    const url = new URL(baseUrl ?? '');
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'unparsable URL';
  }
}

function describeError(error: unknown): string {
  if (error instanceof EngageApiError) {
    return error.status === undefined ? error.code : `${error.code}, HTTP ${error.status}`;
  }
  return errorName(error);
}

/** Only the error's class: its message could quote a URL holding a token. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** fetch's `TypeError: fetch failed` holds the system error (ECONNREFUSED, ENOTFOUND, …) as its cause. */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host name not found',
    EAI_AGAIN: 'host name not resolved',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
  };
  if (typeof code === 'string') {
    return known[code] ? `${known[code]}, ${code}` : code;
  }
  return 'no connection';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fail(title: string, sentence: string, fix: string): CheckResult {
  return { title, status: 'FAIL', sentence, fix };
}

function skip(title: string, sentence: string, fix?: string): CheckResult {
  return { title, status: 'SKIP', sentence, ...(fix ? { fix } : {}) };
}
