import { secretChecks } from './doctor.secrets';

const REAL = {
  ENGAGE_BASE_URL: 'https://acme.api.engagement.dimelo.com/1.0',
  ENGAGE_WEBHOOK_SECRET: 'a-real-one',
};

const check = (env: Record<string, string | undefined>, title: string) =>
  secretChecks(env).find((result) => result.title === title)!;

describe('secretChecks', () => {
  describe('webhook secret', () => {
    it('should warn when no webhook secret is set, naming ENGAGE_WEBHOOK_SECRET', () => {
      const result = check({ ...REAL, ENGAGE_WEBHOOK_SECRET: undefined }, 'webhook secret');

      expect(result.status).toBe('WARN');
      expect(result.sentence).toContain('ENGAGE_WEBHOOK_SECRET is not set');
    });

    it('should warn loudly when the check is disabled', () => {
      const result = check(
        { ...REAL, ENGAGE_WEBHOOK_SECRET: undefined, ENGAGE_WEBHOOK_SECRET_DISABLED: 'true' },
        'webhook secret',
      );

      expect(result.status).toBe('WARN');
      expect(result.sentence).toContain('WITHOUT checking X-Dimelo-Secret');
    });

    it('should pass with one secret or two during a rotation', () => {
      expect(check(REAL, 'webhook secret').status).toBe('PASS');
      expect(
        check({ ...REAL, ENGAGE_WEBHOOK_SECRET: undefined, ENGAGE_WEBHOOK_SECRETS: 'a,b' }, 'webhook secret')
          .status,
      ).toBe('PASS');
    });
  });

  describe('demo secrets', () => {
    it('should warn on demo values against a real platform, naming the variables and never the values', () => {
      const result = check(
        {
          ...REAL,
          ENGAGE_WEBHOOK_SECRET: 'local-webhook-secret',
          GATEWAY_ADMIN_TOKENS:
            'ops=a-real-token-0123456789abcdef,dashboard=local-admin-token-change-me-0123456789',
        },
        'demo secrets',
      );

      expect(result.status).toBe('WARN');
      expect(result.sentence).toBe(
        'ENGAGE_WEBHOOK_SECRET, GATEWAY_ADMIN_TOKENS still hold a public demo value, against a real platform.',
      );
      expect(JSON.stringify(result)).not.toContain('local-');
    });

    it('should leave demo values alone on a local platform', () => {
      const local = {
        ENGAGE_BASE_URL: 'http://127.0.0.1:3100/1.0',
        ENGAGE_WEBHOOK_SECRET: 'local-webhook-secret',
      };

      expect(check(local, 'demo secrets')).toMatchObject({
        status: 'PASS',
        sentence: expect.stringContaining('local') as unknown,
      });
    });

    it('should pass when no secret holds a demo value', () => {
      expect(check(REAL, 'demo secrets').status).toBe('PASS');
    });
  });
});
