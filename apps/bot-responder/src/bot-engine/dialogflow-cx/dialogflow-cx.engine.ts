import { BotEngineError, BotEngineErrorCode } from '../bot-engine.exception';
import { type BotAnswer, type BotEngine, type BotTurn } from '../bot-engine.port';
import { type BotEndpoint, postToBot } from '../http/post-to-bot';
import { answerOfDetectIntent } from './detect-intent-answer.mapper';
import { readServiceAccountKey } from './service-account-key.util';
import { ServiceAccountTokens } from './service-account-tokens';
import { sessionIdOf } from './session-id.util';

export interface DialogflowCxEngineOptions {
  /**
   * The API's base URL. Default: the agent's regional endpoint, https://{location}-dialogflow.googleapis.com
   * (https://dialogflow.googleapis.com for location global).
   */
  endpoint?: string;
  project: string;
  /** The agent's region (europe-west1…) or global. */
  location: string;
  /** The agent's id (a UUID), as in its console URL. */
  agent: string;
  /** The environment whose agent version answers (its id). Default: none, i.e. CX's draft agent. */
  environment?: string;
  /** Path of the service account's JSON key, read once when the engine is built. */
  credentialsFile: string;
  /** For the token exchange and for detectIntent, each. */
  timeoutMs: number;
  /** Sent as the language when the turn has none. */
  defaultLanguage: string;
}

/** Project, location and agent ids: nothing a URL path would have to escape. */
const RESOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
/** TextInput.text: "Text length must not exceed 256 characters". */
const MAX_TEXT = 256;

/**
 * A Dialogflow CX agent, over the REST API v3 (sessions.detectIntent), with a service account's
 * token. Each thread is one CX session, so the agent keeps its state between the customer's
 * messages (docs/bot-engines/dialogflow-cx.md).
 */
export class DialogflowCxEngine implements BotEngine {
  private readonly agentUrl: string;
  /** Safe to log: endpoint origin and agent path, never a session. */
  private readonly label: string;
  private readonly tokens: ServiceAccountTokens;

  constructor(private readonly options: DialogflowCxEngineOptions) {
    const { project, location, agent, environment, timeoutMs } = options;
    const ids = { project, location, agent, ...(environment === undefined ? {} : { environment }) };
    for (const [name, value] of Object.entries(ids)) {
      if (!RESOURCE_ID.test(value)) {
        throw new Error(`The Dialogflow CX ${name} must be an id of letters, digits, '-', '_', '.' or ':'`);
      }
    }
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new Error('The Dialogflow CX timeout must be a positive number of milliseconds');
    }
    const endpoint = options.endpoint ?? defaultEndpoint(location);
    const url = URL.canParse(endpoint) ? new URL(endpoint) : null;
    // Not echoed: the URL may hold credentials.
    if (url === null || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
      throw new Error('The Dialogflow CX endpoint must be an absolute http(s) URL without credentials');
    }
    const agentPath =
      `projects/${project}/locations/${location}/agents/${agent}` +
      (environment === undefined ? '' : `/environments/${environment}`);
    this.agentUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}/v3/${agentPath}`;
    this.label = `Dialogflow CX agent ${agentPath} at ${url.origin}`;
    this.tokens = new ServiceAccountTokens(readServiceAccountKey(options.credentialsFile), timeoutMs);
  }

  async answer(turn: BotTurn): Promise<BotAnswer> {
    const language = turn.language ?? this.options.defaultLanguage;
    const token = await this.tokens.accessToken();
    const body = await this.detectIntent(turn, language, token);
    return answerOfDetectIntent(this.parse(body), language, (problem) =>
      this.error(BotEngineErrorCode.InvalidAnswer, problem),
    );
  }

  private async detectIntent(turn: BotTurn, language: string, token: string): Promise<string> {
    const endpoint: BotEndpoint = {
      url: `${this.agentUrl}/sessions/${sessionIdOf(turn.threadId)}:detectIntent`,
      label: this.label,
      timeoutMs: this.options.timeoutMs,
    };
    const request = {
      queryInput: { text: { text: latest(turn.text, MAX_TEXT) }, languageCode: language },
      // Session parameters, for the agent's conditions and webhooks ($session.params.thread_id).
      queryParams: {
        parameters: withoutNulls({
          thread_id: turn.threadId,
          source_id: turn.sourceId,
          intervention_id: turn.interventionId,
        }),
      },
    };
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json',
    };
    try {
      return await postToBot(endpoint, headers, JSON.stringify(request));
    } catch (error) {
      // An expired or revoked token is refused until it is dropped: the next turn asks for another.
      if (error instanceof BotEngineError && error.status === 401) {
        this.tokens.forget();
      }
      throw error;
    }
  }

  private parse(body: string): unknown {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw this.error(BotEngineErrorCode.InvalidAnswer, 'answered something that is not JSON');
    }
  }

  private error(code: BotEngineErrorCode, problem: string): BotEngineError {
    return new BotEngineError(code, `${this.label} ${problem}`);
  }
}

export function defaultEndpoint(location: string): string {
  return location === 'global'
    ? 'https://dialogflow.googleapis.com'
    : `https://${location}-dialogflow.googleapis.com`;
}

/**
 * CX refuses a longer text: a turn of several messages, or one long message, is cut to its end,
 * where the customer's latest words are. Cut between code points, never inside one.
 */
function latest(text: string, max: number): string {
  const codePoints = [...text];
  return codePoints.length <= max ? text : codePoints.slice(-max).join('').trimStart();
}

function withoutNulls(values: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}
