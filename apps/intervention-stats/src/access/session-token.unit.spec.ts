import { isAllowedHost, parseAllowedHosts } from './allowed-hosts';
import { parseDashboardUsers } from './dashboard-users';
import { SessionSigner } from './session-token';

const ALICE = { name: 'alice', token: 'alice-token-0123456789abcdef' };
const SECRET = 'session-secret-0123456789abcdef-0123456789';
const NOW = Date.parse('2026-11-24T10:00:00Z');

describe(SessionSigner.name, () => {
  it('should accept its own session until it expires', () => {
    const signer = new SessionSigner(SECRET, [ALICE]);
    const session = signer.issue(ALICE, NOW + 60_000);
    expect(signer.verify(session, NOW)).toEqual({ name: 'alice' });
    expect(signer.verify(session, NOW + 60_000)).toBeUndefined();
  });

  it("should end a user's sessions when their token, the secret, or the user is changed", () => {
    const session = new SessionSigner(SECRET, [ALICE]).issue(ALICE, NOW + 60_000);
    const rotated = { ...ALICE, token: 'alice-new-token-0123456789abcdef' };
    expect(new SessionSigner(SECRET, [rotated]).verify(session, NOW)).toBeUndefined();
    expect(new SessionSigner(`${SECRET}x`, [ALICE]).verify(session, NOW)).toBeUndefined();
    expect(new SessionSigner(SECRET, []).verify(session, NOW)).toBeUndefined();
  });

  it('should tie the CSRF token to the session', () => {
    const signer = new SessionSigner(SECRET, [ALICE]);
    const one = signer.issue(ALICE, NOW + 60_000);
    const other = signer.issue(ALICE, NOW + 60_000);
    expect(signer.checkCsrf(one, signer.csrfToken(one))).toBe(true);
    expect(signer.checkCsrf(one, signer.csrfToken(other))).toBe(false);
    expect(signer.checkCsrf(one, undefined)).toBe(false);
  });
});

describe('parseDashboardUsers', () => {
  it('should read name=token pairs', () => {
    expect(parseDashboardUsers(`alice=${ALICE.token}, ops.bob@example.com=${ALICE.token}==x`)).toEqual({
      users: [ALICE, { name: 'ops.bob@example.com', token: `${ALICE.token}==x` }],
      problems: [],
    });
  });

  it('should name what is wrong, never a token', () => {
    const { problems } = parseDashboardUsers(
      `alice=${ALICE.token},al ice=${ALICE.token}x,bob=short,alice=${ALICE.token}y,carol=${ALICE.token},nope`,
    );
    expect(problems).toEqual([
      'the name of entry 2 must be 1 to 64 of A-Z a-z 0-9 . _ @ -',
      'the token of bob must be 24 to 512 visible ASCII characters, no comma',
      'alice is listed twice',
      'carol has the token of another user',
      'entry 6 is not name=token',
    ]);
    expect(problems.join(' ')).not.toContain(ALICE.token);
  });
});

describe('isAllowedHost', () => {
  const rules = parseAllowedHosts('localhost,127.0.0.1,[::1],stats.example.com:8443') ?? [];

  it.each(['localhost', 'LOCALHOST:3004', '127.0.0.1:3004', '[::1]:3004', 'stats.example.com:8443'])(
    'should allow %s',
    (host) => expect(isAllowedHost(rules, host)).toBe(true),
  );

  it.each([
    undefined,
    '',
    'attacker.example',
    'localhost.attacker.example',
    'stats.example.com',
    '127.0.0.1@x',
  ])('should refuse %s', (host) => expect(isAllowedHost(rules, host)).toBe(false));

  it('should refuse a setting that is not host names', () => {
    expect(parseAllowedHosts('http://localhost')).toBeUndefined();
    expect(parseAllowedHosts(' , ')).toBeUndefined();
  });
});
