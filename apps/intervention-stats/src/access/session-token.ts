import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type DashboardUser, type Supervisor } from './dashboard-users';

interface SessionClaims {
  u: string;
  exp: number;
  n: string;
}

/**
 * Signed sessions and CSRF tokens, without server state: a session is `v1.<claims>.<HMAC>` keyed
 * by DASHBOARD_SESSION_SECRET and by the user's own token, so changing a user's token (or the
 * secret) ends that user's sessions; removing the user ends them too.
 */
export class SessionSigner {
  constructor(
    private readonly secret: string,
    private readonly users: readonly DashboardUser[],
  ) {}

  issue(user: DashboardUser, expiresAt: number): string {
    const claims: SessionClaims = { u: user.name, exp: expiresAt, n: randomBytes(12).toString('base64url') };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `v1.${body}.${this.sign(body, user)}`;
  }

  /** The supervisor of a valid, unexpired session; undefined otherwise. */
  verify(session: string | undefined, now: number): Supervisor | undefined {
    const [version, body, signature, ...rest] = (session ?? '').split('.');
    if (version !== 'v1' || body === undefined || signature === undefined || rest.length > 0) {
      return undefined;
    }
    const claims = parseClaims(body);
    const user = this.users.find((candidate) => candidate.name === claims?.u);
    if (claims === undefined || user === undefined || !sameText(signature, this.sign(body, user))) {
      return undefined;
    }
    return claims.exp > now ? { name: user.name } : undefined;
  }

  /** The CSRF token of a session: only a page that was given it (same origin) can send it back. */
  csrfToken(session: string): string {
    return createHmac('sha256', this.secret).update(`csrf\0${session}`).digest('base64url');
  }

  checkCsrf(session: string, token: string | undefined): boolean {
    return token !== undefined && sameText(token, this.csrfToken(session));
  }

  private sign(body: string, user: DashboardUser): string {
    const tokenDigest = createHash('sha256').update(user.token).digest('base64url');
    return createHmac('sha256', this.secret).update(`session\0${body}\0${tokenDigest}`).digest('base64url');
  }
}

/** The user whose token this is, compared in constant time. */
export function userOfToken(
  users: readonly DashboardUser[],
  token: string | undefined,
): DashboardUser | undefined {
  if (token === undefined) {
    return undefined;
  }
  const given = createHash('sha256').update(token).digest();
  return users.find((user) => timingSafeEqual(given, createHash('sha256').update(user.token).digest()));
}

function sameText(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

function parseClaims(body: string): SessionClaims | undefined {
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<SessionClaims>;
    return typeof claims.u === 'string' && typeof claims.exp === 'number' && typeof claims.n === 'string'
      ? (claims as SessionClaims)
      : undefined;
  } catch {
    return undefined;
  }
}
