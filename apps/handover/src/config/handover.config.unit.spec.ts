import { ConfigValidationError } from '@handover/config';
import { routingPolicyOf } from '../handover.module';
import { loadHandoverConfig } from './handover.config';

const valid = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/handover',
  ENGAGE_BASE_URL: 'https://demo.api.engagement.dimelo.com/1.0',
  ENGAGE_API_TOKEN: 'a-very-secret-token-value',
  BOT_CATEGORY_ID: '5be59e0a13047d01f46caa62',
  AGENT_CATEGORY_ID: '5be59e1f13047d026b6ca8af',
  BOT_USER_ID: '5be1c0b4e20311250379c201',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadHandoverConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return [...error.problems];
    }
    throw error;
  }
  return [];
}

describe('loadHandoverConfig', () => {
  it('should apply the documented defaults', () => {
    const { app } = loadHandoverConfig(valid);
    expect(app).toMatchObject({
      HANDOVER_REOPEN_POLICY: 'agent-first',
      HANDOVER_WAITING_FALLBACK: 'agent',
      HANDOVER_REALTIME_SOURCE_IDS: [],
      PORT: 3002,
    });
    expect(app.HANDOVER_WAITING_NOTICES.fr).toContain('file d’attente');
  });

  it('should refuse its former share of the quota by name: the quota is now the deployment’s', () => {
    expect(problemsOf({ ...valid, ENGAGE_CALLS_PER_WINDOW: '300' }).join()).toMatch(
      /ENGAGE_CALLS_PER_WINDOW.*replaced by ENGAGE_QUOTA_CALLS/,
    );
  });

  it('should parse sources, policy and notices', () => {
    const { app } = loadHandoverConfig({
      ...valid,
      HANDOVER_REALTIME_SOURCE_IDS: 'a, b',
      HANDOVER_REOPEN_POLICY: 'close-thread',
      HANDOVER_WAITING_NOTICES: '{"de":"Bitte warten"}',
    });
    expect(app.HANDOVER_REALTIME_SOURCE_IDS).toEqual(['a', 'b']);
    expect(app.HANDOVER_REOPEN_POLICY).toBe('close-thread');
    expect(app.HANDOVER_WAITING_NOTICES).toEqual({ de: 'Bitte warten' });
  });

  it('should let a waiting customer ask for the bot back with the default keywords, unless turned off', () => {
    expect(routingPolicyOf(loadHandoverConfig(valid)).botKeywords).toEqual(['bot', 'robot']);
    expect(
      routingPolicyOf(loadHandoverConfig({ ...valid, HANDOVER_BOT_KEYWORDS: 'humain,robot' })).botKeywords,
    ).toEqual(['humain', 'robot']);
    expect(
      routingPolicyOf(loadHandoverConfig({ ...valid, HANDOVER_BOT_RETURN: 'false' })).botKeywords,
    ).toEqual([]);
    expect(problemsOf({ ...valid, HANDOVER_BOT_RETURN_NOTICES: '{"fr":""}' }).join()).toMatch(
      /HANDOVER_BOT_RETURN_NOTICES/,
    );
  });

  it('should name every bad variable, never the token', () => {
    const problems = problemsOf({
      ...valid,
      AGENT_CATEGORY_ID: '',
      HANDOVER_REOPEN_POLICY: 'maybe',
      HANDOVER_WAITING_NOTICES: '{"fr": 3}',
    });
    const text = problems.join('\n');
    expect(text).toContain('AGENT_CATEGORY_ID');
    expect(text).toContain('HANDOVER_REOPEN_POLICY');
    expect(text).toContain('HANDOVER_WAITING_NOTICES');
    expect(text).not.toContain(valid.ENGAGE_API_TOKEN);
  });

  it('should refuse the old HANDOVER_PRIVATE_NOTE by name: the note is no longer a private content', () => {
    expect(problemsOf({ ...valid, HANDOVER_PRIVATE_NOTE: 'true' })).toEqual([
      'HANDOVER_PRIVATE_NOTE was renamed HANDOVER_AGENT_NOTE (the note is now an intervention comment)',
    ]);
    expect(loadHandoverConfig({ ...valid, HANDOVER_AGENT_NOTE: 'false' }).app.HANDOVER_AGENT_NOTE).toBe(
      false,
    );
  });

  it('should refuse the same category for BOT and AGENT', () => {
    expect(problemsOf({ ...valid, AGENT_CATEGORY_ID: valid.BOT_CATEGORY_ID })).toEqual([
      'AGENT_CATEGORY_ID must differ from BOT_CATEGORY_ID',
    ]);
  });

  it('should refuse a BOT_USER_ID that is not an RCED id, as bot-responder and intervention-stats do', () => {
    expect(problemsOf({ ...valid, BOT_USER_ID: 'bot user' })).toEqual([
      'BOT_USER_ID: must be the id of the API token’s user (an RCED id)',
    ]);
  });
});
