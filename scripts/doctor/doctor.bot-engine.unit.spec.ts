import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUIRED_BOT_RESPONDER_ENV } from '../../apps/bot-responder/src/config/testing/bot-responder-env.fixture';
import { checkBotEngine, type DoctorFetch } from './doctor.bot-engine';

const BOT_RESPONDER = REQUIRED_BOT_RESPONDER_ENV;

/** An engine's server as the doctor sees it: every request recorded, answered with `status`. */
function server(status: number | Error): {
  fetch: DoctorFetch;
  requests: Array<{ url: string; init: RequestInit }>;
} {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  return {
    requests,
    fetch: (url, init) => {
      requests.push({ url, init });
      return status instanceof Error ? Promise.reject(status) : Promise.resolve({ status });
    },
  };
}

describe(checkBotEngine.name, () => {
  it('should pass the rules engine when its rules file loads, and fail it naming the problem when not', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'doctor-rules-')), 'rules.yaml');
    writeFileSync(broken, 'intents: [');

    expect(await checkBotEngine(BOT_RESPONDER)).toMatchObject({ status: 'PASS' });
    const failed = await checkBotEngine({ ...BOT_RESPONDER, BOT_RULES_FILE: broken });
    expect(failed).toMatchObject({ status: 'FAIL', title: 'bot engine' });
    expect(failed.sentence).toMatch(/^BOT_ENGINE=rules: /);
  });

  it('should only GET an http bot (never send it a turn) and fail when it cannot be reached', async () => {
    const env = {
      ...BOT_RESPONDER,
      BOT_ENGINE: 'http',
      BOT_HTTP_URL: 'https://bot.example/turn',
      BOT_HTTP_AUTH: 'bearer',
      BOT_HTTP_TOKEN: 'bot-token-S3cr3t',
    };
    const up = server(405);
    const refusedConnection = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

    expect(await checkBotEngine(env, up.fetch)).toMatchObject({ status: 'PASS' });
    expect(up.requests.map((request) => [request.init.method, request.url])).toEqual([
      ['GET', 'https://bot.example/turn'],
    ]);
    expect(await checkBotEngine(env, server(refusedConnection).fetch)).toMatchObject({
      status: 'FAIL',
      sentence: 'BOT_ENGINE=http: not reached (ECONNREFUSED).',
    });
    expect(await checkBotEngine(env, server(503).fetch)).toMatchObject({ status: 'WARN' });
  });

  it('should list an OpenAI-compatible server’s models with the key, and fail without quoting a refused key', async () => {
    const env = {
      ...BOT_RESPONDER,
      BOT_ENGINE: 'openai',
      BOT_OPENAI_BASE_URL: 'http://llm.internal:8000/v1/',
      BOT_OPENAI_API_KEY: 'sk-S3cr3t',
      BOT_OPENAI_MODEL: 'llama-3',
    };
    const llm = server(200);

    expect(await checkBotEngine(env, llm.fetch)).toMatchObject({ status: 'PASS' });
    expect(llm.requests[0].url).toBe('http://llm.internal:8000/v1/models');
    const refused = await checkBotEngine(env, server(401).fetch);
    expect(refused).toMatchObject({ status: 'FAIL', sentence: 'BOT_OPENAI_API_KEY is refused (HTTP 401).' });
    expect(JSON.stringify(refused)).not.toContain('S3cr3t');
  });

  it('should exchange the Direct Line secret for a token, starting no conversation', async () => {
    const env = {
      ...BOT_RESPONDER,
      BOT_ENGINE: 'directline',
      BOT_DIRECTLINE_SECRET: 'dl-secret-S3cr3t-0123456789',
    };
    const directLine = server(200);

    expect(await checkBotEngine(env, directLine.fetch)).toMatchObject({ status: 'PASS' });
    expect(directLine.requests.map((request) => [request.init.method, request.url])).toEqual([
      ['POST', 'https://directline.botframework.com/v3/directline/tokens/generate'],
    ]);
    expect(await checkBotEngine(env, server(403).fetch)).toMatchObject({
      status: 'FAIL',
      sentence: 'BOT_DIRECTLINE_SECRET is refused (HTTP 403).',
    });
  });

  it('should skip when bot-responder’s configuration is not valid yet', async () => {
    expect(await checkBotEngine({ ...BOT_RESPONDER, BOT_ENGINE: 'http' })).toMatchObject({ status: 'SKIP' });
  });
});
