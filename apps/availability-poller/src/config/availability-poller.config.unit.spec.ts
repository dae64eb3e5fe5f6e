import { ConfigValidationError } from '@handover/config';
import { loadAvailabilityPollerConfig } from './availability-poller.config';

const VALID = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/handover',
  ENGAGE_BASE_URL: 'https://example.api.engagement.dimelo.com/1.0',
  ENGAGE_API_TOKEN: 'secret-token-value',
  AGENT_CATEGORY_ID: '5be59e1f13047d026b6ca8af',
  AVAILABILITY_SOURCE_IDS: '5be1c0b4e20311250379c101',
};

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    loadAvailabilityPollerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe(loadAvailabilityPollerConfig.name, () => {
  it('should load a valid environment with production defaults', () => {
    const { app, engage } = loadAvailabilityPollerConfig(VALID);

    expect(app).toMatchObject({
      PORT: 3003,
      DATABASE_SCHEMA: 'availability_poller',
      AVAILABILITY_POLL_MS: 15_000,
      AVAILABILITY_SNAPSHOT_MS: 300_000,
      AGENT_CACHE_TTL_MS: 86_400_000,
      AVAILABILITY_SOURCE_IDS: ['5be1c0b4e20311250379c101'],
    });
    expect(app.AGENT_TEAM_ID).toBeUndefined();
    expect(engage).toMatchObject({
      ENGAGE_API_TOKEN: 'secret-token-value',
      ENGAGE_QUOTA_CALLS: 450,
      ENGAGE_QUOTA_WINDOW_MS: 60_000,
      ENGAGE_QUOTA_RESERVED_FOR_REPLIES: 150,
    });
  });

  it('should read a comma list of sources and accept a team instead of a category', () => {
    const { app } = loadAvailabilityPollerConfig({
      ...VALID,
      AGENT_CATEGORY_ID: undefined,
      AGENT_TEAM_ID: 'team-chat',
      AVAILABILITY_SOURCE_IDS: 'source-a, source-b',
    });

    expect(app.AGENT_TEAM_ID).toBe('team-chat');
    expect(app.AVAILABILITY_SOURCE_IDS).toEqual(['source-a', 'source-b']);
  });

  it('should require a category or a team, naming the variable', () => {
    expect(problemsOf({ ...VALID, AGENT_CATEGORY_ID: '' })).toMatch(/AGENT_CATEGORY_ID.*AGENT_TEAM_ID/);
  });

  it('should require at least one source, and no source twice', () => {
    expect(problemsOf({ ...VALID, AVAILABILITY_SOURCE_IDS: ' , ' })).toMatch(/AVAILABILITY_SOURCE_IDS/);
    expect(problemsOf({ ...VALID, AVAILABILITY_SOURCE_IDS: 'a,a' })).toMatch(/AVAILABILITY_SOURCE_IDS/);
  });

  it('should refuse intervals out of range', () => {
    const message = problemsOf({
      ...VALID,
      AVAILABILITY_POLL_MS: '10',
      AVAILABILITY_SNAPSHOT_MS: 'often',
      AGENT_CACHE_TTL_MS: '-1',
    });

    expect(message).toMatch(/AVAILABILITY_POLL_MS/);
    expect(message).toMatch(/AVAILABILITY_SNAPSHOT_MS/);
    expect(message).toMatch(/AGENT_CACHE_TTL_MS/);
  });

  it('should refuse its former own budget by name, pointing to the shared quota', () => {
    expect(problemsOf({ ...VALID, ENGAGE_CALLS_PER_MINUTE: '60' })).toMatch(
      /ENGAGE_CALLS_PER_MINUTE.*replaced by ENGAGE_QUOTA_CALLS/,
    );
  });

  it('should refuse a reserve that leaves polling no call', () => {
    expect(
      problemsOf({ ...VALID, ENGAGE_QUOTA_CALLS: '100', ENGAGE_QUOTA_RESERVED_FOR_REPLIES: '100' }),
    ).toMatch(/ENGAGE_QUOTA_RESERVED_FOR_REPLIES must be below ENGAGE_QUOTA_CALLS/);
  });

  it('should name every missing variable of both halves at once, never a value', () => {
    const message = problemsOf({
      KAFKA_BROKERS: VALID.KAFKA_BROKERS,
      ENGAGE_API_TOKEN: 'secret-token-value',
    });

    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/AVAILABILITY_SOURCE_IDS/);
    expect(message).toMatch(/AGENT_CATEGORY_ID/);
    expect(message).toMatch(/ENGAGE_BASE_URL/);
    expect(message).not.toContain('secret-token-value');
  });
});
