import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadSimulatorConfig } from '../src/config/simulator.config';
import { type PlatformSeed, WALKTHROUGH } from '../src/platform/platform-seed';
import { createSimulatorApp } from '../src/simulator.app';

export const BOT_TOKEN = 'bot-token';
export const AGENT_TOKEN = 'agent-token';
/** Acts as WALKTHROUGH.noReadUserId: reads no source. */
export const NO_READ_TOKEN = 'no-read-token';
/** Acts as WALKTHROUGH.readOnlyUserId: reads every source, replies on none. */
export const READ_ONLY_TOKEN = 'read-only-token';
/** Acts as WALKTHROUGH.adminUserId: may edit permissions. */
export const ADMIN_TOKEN = 'admin-token';

/** Loose view of the JSON answers the specs read; anything else stays `unknown`. */
export interface ApiBody {
  [key: string]: unknown;
  id: string;
  thread_id: string;
  error: string;
  message: string;
  status: number;
  count: number;
  offset: number;
  limit: number;
  records: ApiBody[];
  thread_category_ids: string[];
  thread: ApiBody;
  contents: ApiBody[];
  interventions: ApiBody[];
  comments: ApiBody[];
  messages: ApiBody[];
  events: ApiBody[];
  type: string;
  user_id: string;
  resource: ApiBody;
  metadata: Record<string, unknown>;
}

export interface SimulatorResponse {
  status: number;
  headers: Headers;
  body: ApiBody;
}

export interface RequestOptions {
  token?: string;
  query?: string;
  form?: string;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface RunningSimulator {
  app: NestFastifyApplication;
  request(method: string, path: string, options?: RequestOptions): Promise<SimulatorResponse>;
}

/** The real app on 127.0.0.1, port 0; tokens: BOT_TOKEN (seed's first user), AGENT_TOKEN and the others above. */
export async function startSimulator(
  env: Record<string, string> = {},
  seed?: PlatformSeed,
): Promise<RunningSimulator> {
  const config = loadSimulatorConfig({
    SIMULATOR_TOKENS: [
      BOT_TOKEN,
      `${AGENT_TOKEN}:${WALKTHROUGH.agentUserId}`,
      `${NO_READ_TOKEN}:${WALKTHROUGH.noReadUserId}`,
      `${READ_ONLY_TOKEN}:${WALKTHROUGH.readOnlyUserId}`,
      `${ADMIN_TOKEN}:${WALKTHROUGH.adminUserId}`,
    ].join(','),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createSimulatorApp(config, seed);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = await app.getUrl();
  return {
    app,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) {
        headers.authorization = `Bearer ${options.token}`;
      }
      let body: string | undefined;
      if (options.form !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = options.form;
      } else if (options.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.json);
      }
      const url = `${base}${path}${options.query ? `?${options.query}` : ''}`;
      const response = await fetch(url, { method, headers, body });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: (text ? JSON.parse(text) : undefined) as ApiBody,
      };
    },
  };
}

/**
 * A customer's message (`json` as `POST /_control/customer-messages` takes it, on the walkthrough chat
 * unless it names a source) and the intervention the bot opens on it; with `botReply`, the bot also
 * answers in it.
 */
export async function botConversation(
  sim: RunningSimulator,
  json: Record<string, unknown> = {},
  botReply?: string,
): Promise<{ message: ApiBody; intervention: ApiBody }> {
  const message = (
    await sim.request('POST', '/_control/customer-messages', {
      json: { source_id: WALKTHROUGH.sourceId, body: 'Bonjour', ...json },
    })
  ).body;
  const intervention = (
    await sim.request('POST', '/1.0/interventions', { token: BOT_TOKEN, form: `content_id=${message.id}` })
  ).body;
  if (botReply !== undefined) {
    await sim.request('POST', '/1.0/contents', {
      token: BOT_TOKEN,
      form: `in_reply_to_id=${message.id}&body=${encodeURIComponent(botReply)}`,
    });
  }
  return { message, intervention };
}
