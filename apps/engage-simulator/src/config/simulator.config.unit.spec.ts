import { ConfigValidationError } from '@handover/config';
import { loadSimulatorConfig } from './simulator.config';

describe('loadSimulatorConfig', () => {
  it('should apply defaults and parse tokens and booleans', () => {
    const config = loadSimulatorConfig({
      SIMULATOR_TOKENS: 'a, b:5be1c0b4e20311250379c202',
      SIMULATOR_STRICT_REPLIES: 'false',
    });
    expect(config).toMatchObject({
      SIMULATOR_PORT: 3100,
      SIMULATOR_TOKENS: ['a', 'b:5be1c0b4e20311250379c202'],
      SIMULATOR_RATE_LIMIT_PER_MINUTE: 500,
      SIMULATOR_RATE_LIMIT_WINDOW_MS: 60_000,
      SIMULATOR_STRICT_REPLIES: false,
      SIMULATOR_INVALID_TOKEN_STATUS: 401,
    });
  });

  it('should name every invalid variable when the environment is wrong', () => {
    let message = '';
    try {
      loadSimulatorConfig({
        SIMULATOR_RATE_LIMIT_PER_MINUTE: '0',
        SIMULATOR_RATE_LIMIT_WINDOW_MS: '50',
        SIMULATOR_STRICT_REPLIES: 'maybe',
      });
    } catch (error) {
      message = error instanceof ConfigValidationError ? error.message : 'not a ConfigValidationError';
    }
    expect(message).toContain('SIMULATOR_TOKENS');
    expect(message).toContain('SIMULATOR_RATE_LIMIT_PER_MINUTE');
    expect(message).toContain('SIMULATOR_RATE_LIMIT_WINDOW_MS');
    expect(message).toContain('SIMULATOR_STRICT_REPLIES');
  });

  it('should read a rate limit window shorter than a minute', () => {
    const config = loadSimulatorConfig({
      SIMULATOR_TOKENS: 'a',
      SIMULATOR_RATE_LIMIT_PER_MINUTE: '50',
      SIMULATOR_RATE_LIMIT_WINDOW_MS: '2000',
    });
    expect(config).toMatchObject({
      SIMULATOR_RATE_LIMIT_PER_MINUTE: 50,
      SIMULATOR_RATE_LIMIT_WINDOW_MS: 2_000,
    });
  });

  it('should include category_ids in content events unless told to omit them', () => {
    const byDefault = loadSimulatorConfig({ SIMULATOR_TOKENS: 'a' });
    const omitting = loadSimulatorConfig({ SIMULATOR_TOKENS: 'a', SIMULATOR_EVENT_CATEGORY_IDS: 'omit' });

    expect([byDefault.SIMULATOR_EVENT_CATEGORY_IDS, omitting.SIMULATOR_EVENT_CATEGORY_IDS]).toEqual([
      'include',
      'omit',
    ]);
    expect(() =>
      loadSimulatorConfig({ SIMULATOR_TOKENS: 'a', SIMULATOR_EVENT_CATEGORY_IDS: 'drop' }),
    ).toThrow(/SIMULATOR_EVENT_CATEGORY_IDS/);
  });
});
