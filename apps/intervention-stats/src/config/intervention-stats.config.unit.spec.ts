import { ConfigValidationError } from '@handover/config';
import { loadInterventionStatsConfig, opsApisOf } from './intervention-stats.config';

describe('loadInterventionStatsConfig', () => {
  const valid = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/stats' };

  it('should apply the defaults', () => {
    expect(loadInterventionStatsConfig(valid)).toMatchObject({
      PORT: 3004,
      DATABASE_SCHEMA: 'intervention_stats',
      KAFKA_GROUP_ID: 'intervention-stats',
      LIVE_WINDOW_MS: 86_400_000,
      DASHBOARD_REFRESH_MS: 5_000,
      GATEWAY_URL: undefined,
      GATEWAY_ADMIN_TOKEN: undefined,
      GATEWAY_TIMEOUT_MS: 5_000,
    });
  });

  it("should take the gateway's URL and admin token for the dashboard's switch, empty meaning unset", () => {
    const token = 'admin-token-0123456789abcdef';
    expect(
      loadInterventionStatsConfig({
        ...valid,
        GATEWAY_URL: 'http://gateway:3000',
        GATEWAY_ADMIN_TOKEN: token,
      }),
    ).toMatchObject({ GATEWAY_URL: 'http://gateway:3000', GATEWAY_ADMIN_TOKEN: token });
    expect(
      loadInterventionStatsConfig({ ...valid, GATEWAY_ADMIN_TOKEN: '' }).GATEWAY_ADMIN_TOKEN,
    ).toBeUndefined();
  });

  it("should read the apps' ops admin APIs for the failures panel as app → base URL", () => {
    const config = loadInterventionStatsConfig({
      ...valid,
      OPS_API_URLS: 'bot-responder=http://bot-responder:9001,handover=https://handover.internal:9002/',
    });
    expect(opsApisOf(config.OPS_API_URLS)).toEqual([
      { app: 'bot-responder', url: 'http://bot-responder:9001' },
      { app: 'handover', url: 'https://handover.internal:9002' },
    ]);
    expect(opsApisOf(undefined)).toEqual([]);
  });

  it.each([
    ['GATEWAY_URL', 'gateway:3000'],
    ['GATEWAY_URL', 'http://gateway:3000/?token=x'],
    ['GATEWAY_ADMIN_TOKEN', 'too-short'],
    ['OPS_API_URLS', 'http://bot-responder:9001'],
    ['OPS_API_URLS', 'bot-responder=http://bot-responder:9001/admin?x=1'],
    ['GATEWAY_ADMIN_TOKEN', 'a token with spaces 0123456789'],
    ['LIVE_WINDOW_MS', '1000'],
    ['DASHBOARD_REFRESH_MS', '100'],
  ])('should refuse %s=%s, naming the variable', (name, value) => {
    expect(() => loadInterventionStatsConfig({ ...valid, [name]: value })).toThrow(new RegExp(name));
  });

  it("should refuse DASHBOARD_USERS whose names the gateway's X-Acting-For would refuse, naming the variable", () => {
    const token = 'alice-token-0123456789abcdef';
    const users = { DASHBOARD_SESSION_SECRET: 'x'.repeat(32) };
    expect(() =>
      loadInterventionStatsConfig({ ...valid, ...users, DASHBOARD_USERS: `alice smith=${token}` }),
    ).toThrow(/DASHBOARD_USERS: .*name of entry 1/);
    expect(() =>
      loadInterventionStatsConfig({ ...valid, ...users, DASHBOARD_USERS: `alice smith=${token}` }),
    ).not.toThrow(token);
    expect(
      loadInterventionStatsConfig({ ...valid, ...users, DASHBOARD_USERS: `alice=${token}` }),
    ).toMatchObject({
      DASHBOARD_ALLOWED_HOSTS: 'localhost,127.0.0.1,[::1]',
      DASHBOARD_SESSION_TTL_MS: 28_800_000,
      DASHBOARD_COOKIE_SECURE: false,
    });
  });

  it('should require DASHBOARD_SESSION_SECRET with DASHBOARD_USERS', () => {
    expect(() =>
      loadInterventionStatsConfig({ ...valid, DASHBOARD_USERS: 'alice=alice-token-0123456789abcdef' }),
    ).toThrow(/DASHBOARD_SESSION_SECRET: is required with DASHBOARD_USERS/);
    expect(() => loadInterventionStatsConfig({ ...valid, DASHBOARD_ALLOWED_HOSTS: 'http://x' })).toThrow(
      /DASHBOARD_ALLOWED_HOSTS/,
    );
  });

  it('should never echo a refused admin token', () => {
    const token = 'a secret token with spaces 0123456789';
    expect(() => loadInterventionStatsConfig({ ...valid, GATEWAY_ADMIN_TOKEN: token })).not.toThrow(token);
  });

  it('should leave RCED out (the dashboard shows ids) when neither ENGAGE_BASE_URL nor ENGAGE_API_TOKEN is set', () => {
    expect(loadInterventionStatsConfig(valid).engage).toBeNull();
    expect(() => loadInterventionStatsConfig({ ...valid, ENGAGE_TIMEOUT_MS: 'soon' })).toThrow(
      /ENGAGE_TIMEOUT_MS/,
    );
  });

  it('should read the RCED client settings when connected, and require both connection variables', () => {
    const token = 'rced-token-do-not-echo';
    const rced = { ENGAGE_BASE_URL: 'https://acme.api.engagement.dimelo.com/1.0', ENGAGE_API_TOKEN: token };

    expect(loadInterventionStatsConfig({ ...valid, ...rced }).engage).toMatchObject({
      ...rced,
      ENGAGE_AUTH_MODE: 'bearer',
      ENGAGE_TIMEOUT_MS: 10_000,
      ENGAGE_QUOTA_CALLS: 450,
    });
    expect(() => loadInterventionStatsConfig({ ...valid, ENGAGE_API_TOKEN: token })).toThrow(
      /ENGAGE_BASE_URL/,
    );
    expect(() => loadInterventionStatsConfig({ ...valid, ENGAGE_API_TOKEN: token })).not.toThrow(token);
    expect(() => loadInterventionStatsConfig({ ...valid, ENGAGE_BASE_URL: rced.ENGAGE_BASE_URL })).toThrow(
      /ENGAGE_API_TOKEN/,
    );
  });

  it('should name a bad variable', () => {
    expect(() => loadInterventionStatsConfig({ ...valid, DATABASE_URL: 'mysql://x' })).toThrow(
      ConfigValidationError,
    );
    expect(() => loadInterventionStatsConfig({ ...valid, DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL/,
    );
  });
});
