import { ConfigValidationError } from '@handover/config';
import { loadBotResponderConfig } from './bot-responder.config';
import { REQUIRED_BOT_RESPONDER_ENV } from './testing/bot-responder-env.fixture';

const VALID = REQUIRED_BOT_RESPONDER_ENV;

describe(loadBotResponderConfig.name, () => {
  it('should load a valid environment with production defaults', () => {
    const { app, engage } = loadBotResponderConfig(VALID);
    expect(app).toMatchObject({
      DATABASE_SCHEMA: 'bot_responder',
      KAFKA_GROUP_ID: 'bot-responder',
      BOT_ENGINE: 'rules',
      BOT_OPEN_INTERVENTION_FIRST: true,
      BOT_MAX_CONSECUTIVE_FALLBACKS: 2,
    });
    expect(engage.ENGAGE_API_TOKEN).toBe('secret-token-value');
  });

  it('should name every missing variable of both halves at once, never a value', () => {
    const attempt = () =>
      loadBotResponderConfig({ KAFKA_BROKERS: VALID.KAFKA_BROKERS, ENGAGE_API_TOKEN: 'secret-token-value' });
    expect(attempt).toThrow(ConfigValidationError);
    const message = (() => {
      try {
        attempt();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/BOT_CATEGORY_ID/);
    expect(message).toMatch(/AGENT_CATEGORY_ID/);
    expect(message).toMatch(/BOT_USER_ID/);
    expect(message).toMatch(/ENGAGE_BASE_URL/);
    expect(message).not.toContain('secret-token-value');
  });

  it('should require the bot URL only when the Rasa engine is selected', () => {
    expect(() => loadBotResponderConfig({ ...VALID, BOT_ENGINE: 'rasa' })).toThrow(/BOT_RASA_URL/);
    expect(
      loadBotResponderConfig({
        ...VALID,
        BOT_ENGINE: 'rasa',
        BOT_RASA_URL: 'http://rasa:5005/webhooks/rest/webhook',
      }).app.BOT_ENGINE,
    ).toBe('rasa');
  });

  it('should require the HTTP bot variables only when the http engine is selected, and never echo a secret', () => {
    const problems = (env: Record<string, string>): string => {
      try {
        loadBotResponderConfig({ ...VALID, BOT_ENGINE: 'http', ...env });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };

    expect(problems({})).toMatch(/BOT_HTTP_URL[\s\S]*BOT_HTTP_AUTH|BOT_HTTP_AUTH[\s\S]*BOT_HTTP_URL/);
    expect(problems({ BOT_HTTP_URL: 'http://bot:4000/turn', BOT_HTTP_AUTH: 'hmac' })).toMatch(
      /BOT_HTTP_SIGNING_SECRET: .*must be set when BOT_HTTP_AUTH=hmac/,
    );
    const short = problems({
      BOT_HTTP_URL: 'http://bot:4000/turn',
      BOT_HTTP_AUTH: 'hmac',
      BOT_HTTP_SIGNING_SECRET: 'too-short-secret',
    });
    expect(short).toMatch(/BOT_HTTP_SIGNING_SECRET: must be at least 32 characters/);
    expect(short).not.toContain('too-short-secret');
    expect(problems({ BOT_HTTP_URL: 'http://bot:4000/turn', BOT_HTTP_AUTH: 'bearer' })).toMatch(
      /BOT_HTTP_TOKEN: .*must be set when BOT_HTTP_AUTH=bearer/,
    );
    expect(
      loadBotResponderConfig({
        ...VALID,
        BOT_ENGINE: 'http',
        BOT_HTTP_URL: 'http://bot:4000/turn',
        BOT_HTTP_AUTH: 'bearer',
        BOT_HTTP_TOKEN: 'a-token-of-sixteen-or-more',
      }).app,
    ).toMatchObject({
      BOT_ENGINE: 'http',
      BOT_HTTP_AUTH: 'bearer',
      BOT_HTTP_TIMEOUT_MS: 3_000,
      BOT_CUSTOM_FIELDS: {},
    });
    expect(
      loadBotResponderConfig({ ...VALID, BOT_CUSTOM_FIELDS: '{"brand":"acme"}' }).app.BOT_CUSTOM_FIELDS,
    ).toEqual({
      brand: 'acme',
    });
    expect(() => loadBotResponderConfig({ ...VALID, BOT_CUSTOM_FIELDS: '["acme"]' })).toThrow(
      /BOT_CUSTOM_FIELDS/,
    );
    expect(
      loadBotResponderConfig({ ...VALID, BOT_HTTP_TURN_CONTEXT: 'attachments' }).app.BOT_HTTP_TURN_CONTEXT,
    ).toEqual(['attachments']);
    expect(() => loadBotResponderConfig({ ...VALID, BOT_HTTP_TURN_CONTEXT: 'identity,crm' })).toThrow(
      /BOT_HTTP_TURN_CONTEXT/,
    );
  });

  it('should refuse attachment notices that are not a JSON object of texts, naming the variable', () => {
    expect(() => loadBotResponderConfig({ ...VALID, BOT_ATTACHMENT_NOTICES: '{"fr":""}' })).toThrow(
      /BOT_ATTACHMENT_NOTICES/,
    );
    expect(
      loadBotResponderConfig({ ...VALID, BOT_ATTACHMENT_NOTICES: '{"en":"Text only, please."}' }).app
        .BOT_ATTACHMENT_NOTICES,
    ).toEqual({ en: 'Text only, please.' });
  });

  it('should refuse a schema name that is not a plain SQL identifier', () => {
    expect(() => loadBotResponderConfig({ ...VALID, DATABASE_SCHEMA: 'bot; drop' })).toThrow(
      /DATABASE_SCHEMA/,
    );
  });
});
