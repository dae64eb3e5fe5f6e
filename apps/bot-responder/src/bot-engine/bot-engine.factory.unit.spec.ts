import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBotResponderConfig } from '../config/bot-responder.config';
import { REQUIRED_BOT_RESPONDER_ENV } from '../config/testing/bot-responder-env.fixture';
import { botEngineOptionsFrom, botLaneOptions, createBotEngine } from './bot-engine.factory';
import { DialogflowCxEngine } from './dialogflow-cx/dialogflow-cx.engine';
import { DirectLineEngine } from './directline/directline.engine';
import { OpenAiBotEngine } from './openai/openai-bot.engine';
import { aTurn } from './testing/bot-turn.fixture';

const BASE_ENV = REQUIRED_BOT_RESPONDER_ENV;

function serviceAccountKeyFile(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const file = join(mkdtempSync(join(tmpdir(), 'dialogflow-key-')), 'key.json');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'service_account',
      project_id: 'acme-support',
      client_email: 'bot@acme-support.iam.gserviceaccount.com',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    }),
  );
  return file;
}

const engineFrom = (env: Record<string, string>) =>
  createBotEngine(botEngineOptionsFrom(loadBotResponderConfig({ ...BASE_ENV, ...env }).app));

const startupError = (env: Record<string, string>): string => {
  try {
    engineFrom(env);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe(createBotEngine.name, () => {
  it('should build a rules bot that answers from the rules file', async () => {
    const engine = createBotEngine({
      kind: 'rules',
      rulesFile: join(__dirname, '../../config/bot-rules.yaml'),
    });

    await expect(engine.answer(aTurn({ text: 'Bonjour' }))).resolves.toMatchObject({
      kind: 'reply',
      intent: 'greeting',
      language: 'fr',
    });
  });

  it('should refuse at startup a rules file that does not exist', () => {
    expect(() => createBotEngine({ kind: 'rules', rulesFile: '/nowhere/bot-rules.yaml' })).toThrow(
      '/nowhere/bot-rules.yaml',
    );
  });

  it('should refuse at startup a Rasa bot without a usable URL or timeout', () => {
    expect(() =>
      createBotEngine({ kind: 'rasa', url: 'not a url', timeoutMs: 1_000, defaultLanguage: 'fr' }),
    ).toThrow('http(s) URL');
    expect(() =>
      createBotEngine({
        kind: 'rasa',
        url: 'http://rasa:5005/webhooks/rest/webhook',
        timeoutMs: 0,
        defaultLanguage: 'fr',
      }),
    ).toThrow('timeout');
  });

  it.each([
    [
      'openai',
      { BOT_OPENAI_API_KEY: 'sk-test-0123456789', BOT_OPENAI_MODEL: 'gpt-4o-mini' },
      OpenAiBotEngine,
    ],
    ['directline', { BOT_DIRECTLINE_SECRET: 'directline-secret-0123456789' }, DirectLineEngine],
    [
      'dialogflow-cx',
      {
        BOT_DIALOGFLOW_PROJECT: 'acme-support',
        BOT_DIALOGFLOW_LOCATION: 'europe-west1',
        BOT_DIALOGFLOW_AGENT: '1b2c3d4e-0000-4000-8000-123456789abc',
        BOT_DIALOGFLOW_CREDENTIALS_FILE: serviceAccountKeyFile(),
      },
      DialogflowCxEngine,
    ],
  ])('should build the %s engine from its variables', (name, variables, type) => {
    expect(engineFrom({ BOT_ENGINE: name, ...variables })).toBeInstanceOf(type);
  });

  it.each([
    ['openai', { BOT_OPENAI_MODEL: 'gpt-4o-mini' }, 'BOT_OPENAI_API_KEY'],
    ['openai', { BOT_OPENAI_API_KEY: 'sk-test-0123456789' }, 'BOT_OPENAI_MODEL'],
    [
      'openai',
      {
        BOT_OPENAI_API_KEY: 'sk-test-0123456789',
        BOT_OPENAI_MODEL: 'm',
        BOT_OPENAI_SYSTEM_PROMPT_FILE: '/nowhere/prompt.txt',
      },
      'BOT_OPENAI_SYSTEM_PROMPT_FILE',
    ],
    ['directline', {}, 'BOT_DIRECTLINE_SECRET'],
    ['dialogflow-cx', { BOT_DIALOGFLOW_LOCATION: 'global' }, 'BOT_DIALOGFLOW_PROJECT'],
  ])('should refuse to start the %s engine without %s, naming it', (name, variables, missing) => {
    expect(startupError({ BOT_ENGINE: name, ...variables })).toContain(missing);
  });

  it('should never ask a turn again while its call may still run: the lease outlives the timeout', () => {
    const { app } = loadBotResponderConfig({
      ...BASE_ENV,
      BOT_ENGINE: 'directline',
      BOT_DIRECTLINE_SECRET: 's'.repeat(20),
      BOT_DIRECTLINE_TIMEOUT_MS: '20000',
      BOT_CONCURRENCY: '100',
    });
    const lane = botLaneOptions(app, botEngineOptionsFrom(app));

    expect(lane.leaseMs).toBeGreaterThan(20_000);
    expect(lane.concurrency).toBe(100);
  });
});
