import {
  botEngineOptionsFrom,
  type BotEngineOptions,
  createBotEngine,
} from '../../apps/bot-responder/src/bot-engine/bot-engine.factory';
import { GLOBAL_ENDPOINT } from '../../apps/bot-responder/src/bot-engine/directline/directline.engine';
import { defaultEndpoint } from '../../apps/bot-responder/src/bot-engine/dialogflow-cx/dialogflow-cx.engine';
import { readServiceAccountKey } from '../../apps/bot-responder/src/bot-engine/dialogflow-cx/service-account-key.util';
import { ServiceAccountTokens } from '../../apps/bot-responder/src/bot-engine/dialogflow-cx/service-account-tokens';
import { loadBotResponderConfig } from '../../apps/bot-responder/src/config/bot-responder.config';
import { type CheckResult } from './doctor.result';

type Env = Record<string, string | undefined>;
export type DoctorFetch = (url: string, init: RequestInit) => Promise<Pick<Response, 'status'>>;

const TITLE = 'bot engine';
const TIMEOUT_MS = 10_000;

/**
 * Whether bot-responder's engine can be reached and accepts our credentials, without asking it
 * anything: no customer text is sent, no conversation started. Each engine is probed with a call
 * its vendor documents as harmless (a listing, a token exchange, a plain GET).
 */
export async function checkBotEngine(env: Env, fetchFn: DoctorFetch = fetch): Promise<CheckResult> {
  let options: BotEngineOptions;
  try {
    options = botEngineOptionsFrom(loadBotResponderConfig(env).app);
  } catch {
    return {
      title: TITLE,
      status: 'SKIP',
      sentence: 'Not tried: bot-responder’s variables must be set and valid first (see configuration).',
    };
  }
  try {
    return await probe(options, fetchFn);
  } catch (error) {
    return {
      title: TITLE,
      status: 'FAIL',
      sentence: `BOT_ENGINE=${options.kind}: ${describe(error)}.`,
      fix: 'Check the URL and that this host can reach it (DNS, firewall, proxy, TLS).',
    };
  }
}

async function probe(options: BotEngineOptions, fetchFn: DoctorFetch): Promise<CheckResult> {
  const get = (url: string, headers: Record<string, string> = {}): Promise<number> =>
    fetchFn(url, {
      method: 'GET',
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).then((response) => response.status);
  switch (options.kind) {
    case 'rules':
      // Reads and checks the rules file as bot-responder does at start.
      createBotEngine(options);
      return pass(`the rules in ${options.rulesFile} load.`);
    case 'rasa':
    case 'http': {
      // A GET, never a turn: any HTTP answer proves the server is there (turns are POSTed).
      const status = await get(options.url);
      return status >= 500
        ? warn(`${options.url} answers ${status} to a GET.`, 'Check the bot server’s health and logs.')
        : pass(`${options.url} answers (HTTP ${status} to a GET; turns are POSTed).`);
    }
    case 'openai': {
      const status = await get(`${options.baseUrl.replace(/\/+$/, '')}/models`, {
        authorization: `Bearer ${options.apiKey}`,
      });
      return byStatus(status, `${options.baseUrl} lists its models with BOT_OPENAI_API_KEY`, {
        refused: 'BOT_OPENAI_API_KEY is refused',
        fix: 'Set BOT_OPENAI_API_KEY to a valid key of that server (and BOT_OPENAI_BASE_URL to its /v1 URL).',
      });
    }
    case 'directline': {
      // Exchanges the secret for a token: no conversation is started.
      const response = await fetchFn(
        `${(options.endpoint ?? GLOBAL_ENDPOINT).replace(/\/+$/, '')}/v3/directline/tokens/generate`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${options.secret}` },
          signal: AbortSignal.timeout(TIMEOUT_MS),
        },
      );
      return byStatus(response.status, `Direct Line at ${options.endpoint} accepts BOT_DIRECTLINE_SECRET`, {
        refused: 'BOT_DIRECTLINE_SECRET is refused',
        fix: 'Copy the Direct Line channel’s secret from the bot’s channel settings (Azure Bot Service or Copilot Studio).',
      });
    }
    case 'dialogflow-cx': {
      const tokens = new ServiceAccountTokens(readServiceAccountKey(options.credentialsFile), TIMEOUT_MS);
      const token = await tokens.accessToken();
      const base = options.endpoint ?? defaultEndpoint(options.location);
      const agent = `${base}/v3/projects/${options.project}/locations/${options.location}/agents/${options.agent}`;
      const status = await get(agent, { authorization: `Bearer ${token}` });
      return status === 404
        ? fail(
            `no agent ${options.agent} in ${options.project}/${options.location}.`,
            'Check BOT_DIALOGFLOW_PROJECT, _LOCATION and _AGENT.',
          )
        : byStatus(status, `the service account reads agent ${options.agent}`, {
            refused: 'the service account may not read the agent',
            fix: 'Grant the service account the Dialogflow API Client role on the project.',
          });
    }
  }
}

function byStatus(status: number, passed: string, when: { refused: string; fix: string }): CheckResult {
  if (status >= 200 && status < 300) {
    return pass(`${passed}.`);
  }
  if (status === 401 || status === 403) {
    return fail(`${when.refused} (HTTP ${status}).`, when.fix);
  }
  return warn(`unexpected HTTP ${status}.`, 'Check the engine’s URL and its service status.');
}

const pass = (sentence: string): CheckResult => ({
  title: TITLE,
  status: 'PASS',
  sentence: capital(sentence),
});
const warn = (sentence: string, fix: string): CheckResult => ({
  title: TITLE,
  status: 'WARN',
  sentence: capital(sentence),
  fix,
});
const fail = (sentence: string, fix: string): CheckResult => ({
  title: TITLE,
  status: 'FAIL',
  sentence: capital(sentence),
  fix,
});

function capital(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function describe(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code) {
    return `not reached (${cause.code})`;
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `no answer within ${TIMEOUT_MS / 1000} s`;
  }
  return error instanceof Error ? error.message : String(error);
}
