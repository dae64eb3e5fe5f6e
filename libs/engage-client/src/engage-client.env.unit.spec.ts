import { ConfigValidationError, loadConfig } from '@handover/config';
import { EngageClientEnv } from './engage-client.env';

const TOKEN = 'env-token-do-not-echo';

describe('EngageClientEnv', () => {
  it('parses the variables with their defaults', () => {
    const config = loadConfig(EngageClientEnv, {
      ENGAGE_BASE_URL: 'https://acme.api.engagement.dimelo.com/1.0',
      ENGAGE_API_TOKEN: TOKEN,
      ENGAGE_TIMEOUT_MS: '2500',
    });

    expect(config).toMatchObject({
      ENGAGE_AUTH_MODE: 'bearer',
      ENGAGE_TIMEOUT_MS: 2_500,
    });
  });

  it('refuses the removed retry variables by name, saying retries belong to the effect worker', () => {
    const load = () =>
      loadConfig(EngageClientEnv, {
        ENGAGE_BASE_URL: 'https://acme.api.engagement.dimelo.com/1.0',
        ENGAGE_API_TOKEN: TOKEN,
        ENGAGE_MAX_RETRIES: '3',
        ENGAGE_RETRY_BASE_DELAY_MS: '500',
      });

    expect(load).toThrow(/ENGAGE_MAX_RETRIES: removed: .*EFFECT_MAX_ATTEMPTS/);
    expect(load).toThrow(/ENGAGE_RETRY_BASE_DELAY_MS: removed/);
  });

  it('names every bad variable and never echoes the token', () => {
    const load = () =>
      loadConfig(EngageClientEnv, {
        ENGAGE_BASE_URL: 'not a url',
        ENGAGE_API_TOKEN: TOKEN,
        ENGAGE_AUTH_MODE: 'basic',
        ENGAGE_TIMEOUT_MS: '5',
      });

    expect(load).toThrow(ConfigValidationError);
    expect(load).toThrow(/ENGAGE_BASE_URL[\s\S]*ENGAGE_AUTH_MODE[\s\S]*ENGAGE_TIMEOUT_MS/);
    expect(load).not.toThrow(new RegExp(TOKEN));
  });
});
