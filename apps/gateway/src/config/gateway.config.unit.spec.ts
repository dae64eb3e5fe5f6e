import { ConfigValidationError } from '@handover/config';
import { gatewayAdminTokens } from './admin-tokens.util';
import { loadGatewayConfig, webhookSecrets } from './gateway.config';

const VALID = {
  KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:9092',
  ENGAGE_VERIFY_TOKEN: 'vt',
  ENGAGE_WEBHOOK_SECRET: 'webhook-secret',
};
const ADMIN = 'adm1n-t0ken-0123456789ab';
const OPS = 'ops-t0ken-0123456789abcdef';

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    loadGatewayConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadGatewayConfig', () => {
  it('should apply defaults and parse lists and numbers', () => {
    const config = loadGatewayConfig({ ...VALID, PORT: '8080' });

    expect(config).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:9092', 'kafka-2:9092'],
      PORT: 8080,
      WEBHOOK_BODY_LIMIT_BYTES: 1_048_576,
      KAFKA_ACK_TIMEOUT_MS: 5_000,
      ENGAGE_WEBHOOK_SECRET: 'webhook-secret',
      ENGAGE_WEBHOOK_SECRET_DISABLED: false,
      GATEWAY_ADMIN_TOKEN: undefined,
      CHAT_TRIGGER_ID: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('should name KAFKA_BROKERS when it is missing or empty', () => {
    expect(problemsOf({ ENGAGE_VERIFY_TOKEN: 'vt' })).toContain('KAFKA_BROKERS');
    expect(problemsOf({ ...VALID, KAFKA_BROKERS: '' })).toContain('KAFKA_BROKERS');
  });

  it('should list every bad variable at once', () => {
    const message = problemsOf({ KAFKA_BROKERS: 'no-port', PORT: 'eighty', KAFKA_ACK_TIMEOUT_MS: '5' });

    expect(message).toContain('KAFKA_BROKERS');
    expect(message).toContain('PORT');
    expect(message).toContain('KAFKA_ACK_TIMEOUT_MS');
    expect(message).toContain('ENGAGE_VERIFY_TOKEN');
  });

  it('should never echo a secret value in its error', () => {
    const secret = 'ünïcode-secret-not-ascii';

    const message = problemsOf({ ...VALID, ENGAGE_WEBHOOK_SECRET: secret });

    expect(message).toContain('ENGAGE_WEBHOOK_SECRET');
    expect(message).not.toContain(secret);
  });

  it('should accept an admin token of 24 visible ASCII characters or more', () => {
    const token = 'adm1n-t0ken-0123456789ab';

    expect(loadGatewayConfig({ ...VALID, GATEWAY_ADMIN_TOKEN: token }).GATEWAY_ADMIN_TOKEN).toBe(token);
  });

  it('should refuse a short or spaced admin token, naming it and never echoing it', () => {
    for (const token of ['short-admin-token-123', 'an admin token with spaces in it']) {
      const message = problemsOf({ ...VALID, GATEWAY_ADMIN_TOKEN: token });

      expect(message).toContain('GATEWAY_ADMIN_TOKEN');
      expect(message).not.toContain(token);
    }
  });

  it('should accept an RCED id as CHAT_TRIGGER_ID and leave it unset when empty', () => {
    const id = '5be5ae57d6cb009bde8e5674';

    expect(loadGatewayConfig({ ...VALID, CHAT_TRIGGER_ID: id }).CHAT_TRIGGER_ID).toBe(id);
    expect(loadGatewayConfig({ ...VALID, CHAT_TRIGGER_ID: '' }).CHAT_TRIGGER_ID).toBeUndefined();
  });

  it('should refuse a CHAT_TRIGGER_ID that is not 24 lowercase hex characters, naming it', () => {
    for (const id of [
      '5be5ae57d6cb009bde8e567',
      '5be5ae57d6cb009bde8e56745',
      '5BE5AE57D6CB009BDE8E5674',
      '5be5ae57d6cb009bde8e567g',
      ' 5be5ae57d6cb009bde8e5674',
      '");alert(1);//0123456789',
    ]) {
      expect(problemsOf({ ...VALID, CHAT_TRIGGER_ID: id })).toContain('CHAT_TRIGGER_ID');
    }
  });

  describe('webhook secret', () => {
    it('should refuse to start without a webhook secret, naming ENGAGE_WEBHOOK_SECRET and the way out', () => {
      const message = problemsOf({ ...VALID, ENGAGE_WEBHOOK_SECRET: undefined });

      expect(message).toContain('ENGAGE_WEBHOOK_SECRET: must be set');
      expect(message).toContain('ENGAGE_WEBHOOK_SECRET_DISABLED=true');
      expect(problemsOf({ ...VALID, ENGAGE_WEBHOOK_SECRET: '' })).toContain('ENGAGE_WEBHOOK_SECRET');
    });

    it('should run without a secret only when ENGAGE_WEBHOOK_SECRET_DISABLED=true says so', () => {
      const config = loadGatewayConfig({
        ...VALID,
        ENGAGE_WEBHOOK_SECRET: undefined,
        ENGAGE_WEBHOOK_SECRET_DISABLED: 'true',
      });

      expect(webhookSecrets(config)).toEqual([]);
      expect(problemsOf({ ...VALID, ENGAGE_WEBHOOK_SECRET_DISABLED: 'true' })).toContain(
        'ENGAGE_WEBHOOK_SECRET_DISABLED',
      );
    });

    it('should accept two secrets during a rotation, and refuse a third or a mix with ENGAGE_WEBHOOK_SECRET', () => {
      const rotation = {
        ...VALID,
        ENGAGE_WEBHOOK_SECRET: undefined,
        ENGAGE_WEBHOOK_SECRETS: 'old-one, new-one',
      };

      expect(webhookSecrets(loadGatewayConfig(rotation))).toEqual(['old-one', 'new-one']);
      expect(webhookSecrets(loadGatewayConfig(VALID))).toEqual(['webhook-secret']);
      expect(problemsOf({ ...rotation, ENGAGE_WEBHOOK_SECRETS: 'a,b,c' })).toContain(
        'ENGAGE_WEBHOOK_SECRETS',
      );
      expect(problemsOf({ ...rotation, ENGAGE_WEBHOOK_SECRET: 'x' })).toContain(
        'ENGAGE_WEBHOOK_SECRET: must not be set together with ENGAGE_WEBHOOK_SECRETS',
      );
    });
  });

  describe('admin tokens', () => {
    it('should name each token: GATEWAY_ADMIN_TOKEN is admin, GATEWAY_ADMIN_TOKENS says name=token', () => {
      const config = loadGatewayConfig({
        ...VALID,
        GATEWAY_ADMIN_TOKEN: ADMIN,
        GATEWAY_ADMIN_TOKENS: `ops=${OPS}, dashboard=dash-t0ken-0123456789abcdef`,
      });

      expect(gatewayAdminTokens(config)).toEqual([
        { name: 'admin', token: ADMIN },
        { name: 'ops', token: OPS },
        { name: 'dashboard', token: 'dash-t0ken-0123456789abcdef' },
      ]);
    });

    it.each([
      ['an entry without a name', OPS],
      ['a short token', 'ops=short'],
      ['a name with a colon', `o:ps=${OPS}`],
      ['a name used twice', `ops=${OPS},ops=${OPS}x`],
      ['a token used twice', `ops=${OPS},dashboard=${OPS}`],
      ['the name admin next to GATEWAY_ADMIN_TOKEN', `admin=${OPS}`],
    ])('should refuse %s, naming GATEWAY_ADMIN_TOKENS and never echoing a token', (_case, tokens) => {
      const message = problemsOf({ ...VALID, GATEWAY_ADMIN_TOKEN: ADMIN, GATEWAY_ADMIN_TOKENS: tokens });

      expect(message).toContain('GATEWAY_ADMIN_TOKENS: must be');
      expect(message).not.toContain(OPS);
      expect(message).not.toContain(ADMIN);
    });
  });
});
