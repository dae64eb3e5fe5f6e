import { type InterventionStatsConfig } from '../config/intervention-stats.config';
import { isAllowedHost, parseAllowedHosts } from './allowed-hosts';
import { type DashboardUser, parseDashboardUsers, type Supervisor } from './dashboard-users';
import { SessionSigner, userOfToken } from './session-token';

export const DASHBOARD_ACCESS = Symbol('DASHBOARD_ACCESS');
export const SESSION_COOKIE = 'handover_session';
export const CSRF_HEADER = 'x-csrf-token';

export const NO_SUPERVISORS =
  'No supervisor can sign in: set DASHBOARD_USERS and DASHBOARD_SESSION_SECRET on intervention-stats';

type Headers = Record<string, string | string[] | undefined>;

/**
 * Who may read the analytics and use the dashboard, from the configuration: supervisors by named
 * token (DASHBOARD_USERS), signed session cookies, the Host allowlist. No user configured: nobody.
 */
export class DashboardAccess {
  private readonly users: readonly DashboardUser[];
  private readonly signer: SessionSigner | undefined;
  private readonly hosts;

  constructor(
    private readonly config: InterventionStatsConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.users = config.DASHBOARD_USERS ? parseDashboardUsers(config.DASHBOARD_USERS).users : [];
    this.signer =
      this.users.length > 0 && config.DASHBOARD_SESSION_SECRET
        ? new SessionSigner(config.DASHBOARD_SESSION_SECRET, this.users)
        : undefined;
    this.hosts = parseAllowedHosts(config.DASHBOARD_ALLOWED_HOSTS) ?? [];
  }

  get enabled(): boolean {
    return this.signer !== undefined;
  }

  hostAllowed(headers: Headers): boolean {
    return isAllowedHost(this.hosts, one(headers.host));
  }

  /** The supervisor of the session cookie, else of `Authorization: Bearer <token>`. */
  authenticate(headers: Headers): Supervisor | undefined {
    const session = this.signer?.verify(sessionOf(headers), this.now());
    if (session !== undefined || this.signer === undefined) {
      return session;
    }
    const bearer = /^Bearer +(\S+)$/i.exec(one(headers.authorization) ?? '')?.[1];
    const user = userOfToken(this.users, bearer);
    return user === undefined ? undefined : { name: user.name };
  }

  /** A new session for the owner of `token`, as a Set-Cookie value; undefined for an unknown token. */
  login(token: unknown): { supervisor: Supervisor; cookie: string } | undefined {
    const user = typeof token === 'string' ? userOfToken(this.users, token.trim()) : undefined;
    if (user === undefined || this.signer === undefined) {
      return undefined;
    }
    const ttl = this.config.DASHBOARD_SESSION_TTL_MS;
    const session = this.signer.issue(user, this.now() + ttl);
    return { supervisor: { name: user.name }, cookie: this.cookie(session, Math.floor(ttl / 1000)) };
  }

  logoutCookie(): string {
    return this.cookie('', 0);
  }

  /** The CSRF token of the request's session, for the page to send back with its switches. */
  csrfToken(headers: Headers): string | undefined {
    const session = sessionOf(headers);
    return session === undefined ? undefined : this.signer?.csrfToken(session);
  }

  /** Why a state-changing request is refused as cross-site or without the session's CSRF token. */
  csrfProblem(headers: Headers): string | undefined {
    const session = sessionOf(headers);
    if (session === undefined || this.signer?.verify(session, this.now()) === undefined) {
      return 'Sign in to the dashboard first: this needs its session';
    }
    return this.signer.checkCsrf(session, one(headers[CSRF_HEADER]))
      ? undefined
      : `The ${CSRF_HEADER} header must hold the CSRF token of the dashboard page`;
  }

  private cookie(value: string, maxAgeSeconds: number): string {
    const secure = this.config.DASHBOARD_COOKIE_SECURE ? '; Secure' : '';
    return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
  }
}

/**
 * Why a request comes from another site, by what browsers send: `Sec-Fetch-Site` other than
 * same-origin, or an `Origin` whose host is not the request's Host. Clients that send neither
 * (curl, scripts) are not browsers led by another site.
 */
export function crossSiteProblem(headers: Headers): string | undefined {
  const site = one(headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin') {
    return `Cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 20)})`;
  }
  const origin = one(headers.origin);
  if (origin !== undefined && originHost(origin) !== one(headers.host)?.toLowerCase()) {
    return 'Cross-site request refused: Origin is not this dashboard';
  }
  return undefined;
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function sessionOf(headers: Headers): string | undefined {
  const cookies = one(headers.cookie) ?? '';
  for (const pair of cookies.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === SESSION_COOKIE) {
      const value = pair.slice(at + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
