import { json, type Reply, startStandInBot } from './stand-in-bot';

/** What the bot posts back; the stand-in adds id, from, conversation and, unless given, replyToId. */
export type BotActivity = Record<string, unknown>;

export interface DirectLineRequest {
  method: string;
  /** Path and query, e.g. /v3/directline/conversations/conv-1/activities?watermark=2 */
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown> | null;
}

type Step = 'start' | 'refresh' | 'send' | 'read';

export interface StandInDirectLine {
  /** http://127.0.0.1:<port> */
  base: string;
  requests: DirectLineRequest[];
  /** How the bot answers each message it receives; its activities appear after `replyDelayMs`. */
  bot: (message: Record<string, unknown>) => BotActivity[];
  replyDelayMs: number;
  expiresInSeconds: number;
  /** Answers a step this way instead of playing Direct Line (a refusal, a broken body…). */
  failures: Partial<Record<Step, Reply>>;
  /** Every token issued since the last reset, in order, to check none leaks. */
  tokens(): string[];
  /** Direct Line forgets every token: the next use of one is refused with 403. */
  revokeTokens(): void;
  /** Forgets every conversation and token, and plays Direct Line and an empty bot again. */
  reset(): void;
  close(): Promise<void>;
}

interface Conversation {
  activities: Record<string, unknown>[];
}

/**
 * A local Direct Line 3.0 service as learn.microsoft.com documents it: start conversation with the
 * secret (201 and a token), refresh token, send activity (200 and its id) and get activities from a
 * watermark, with ids like `<conversationId>|0000001`. Tokens are bound to one conversation.
 */
export async function startStandInDirectLine(secret: string): Promise<StandInDirectLine> {
  const conversations = new Map<string, Conversation>();
  const tokenConversation = new Map<string, string>();
  const issued: string[] = [];
  let started = 0;

  const issue = (conversationId: string, expiresIn: number): Record<string, unknown> => {
    const token = `tok-${conversationId}-${issued.length + 1}-${'x'.repeat(24)}`;
    issued.push(token);
    tokenConversation.set(token, conversationId);
    return { conversationId, token, expires_in: expiresIn };
  };

  const append = (conversationId: string, activity: Record<string, unknown>): string => {
    // A late reply may outlive its test's conversations: it is dropped.
    const activities = conversations.get(conversationId)?.activities ?? [];
    const id = `${conversationId}|${String(activities.length).padStart(7, '0')}`;
    activities.push({ ...activity, id, channelId: 'directline', conversation: { id: conversationId } });
    return id;
  };

  const stand: StandInDirectLine = {
    base: '',
    requests: [],
    bot: () => [],
    replyDelayMs: 0,
    expiresInSeconds: 1800,
    failures: {},
    tokens: () => [...issued],
    revokeTokens: () => tokenConversation.clear(),
    reset() {
      conversations.clear();
      tokenConversation.clear();
      issued.length = 0;
      started = 0;
      this.requests.length = 0;
      this.bot = () => [];
      this.replyDelayMs = 0;
      this.expiresInSeconds = 1800;
      this.failures = {};
    },
    close: () => Promise.resolve(),
  };

  const server = await startStandInBot((request, raw, response) => {
    const path = request.url ?? '';
    const authorization = request.headers.authorization;
    const text = raw.toString('utf8');
    const body = text === '' ? null : (JSON.parse(text) as Record<string, unknown>);
    stand.requests.push({ method: request.method ?? '', path, authorization, body });
    const bearer = authorization?.replace(/^Bearer /, '');
    const route = /^\/v3\/directline\/conversations\/([^/?]+)\/activities(?:\?watermark=(\d+))?$/.exec(path);
    const step: Step | null =
      path === '/v3/directline/conversations' && request.method === 'POST'
        ? 'start'
        : path === '/v3/directline/tokens/refresh' && request.method === 'POST'
          ? 'refresh'
          : route !== null
            ? request.method === 'POST'
              ? 'send'
              : 'read'
            : null;
    if (step === null) {
      json({ error: { code: 'NotFound', message: 'Not found' } }, 404)(response);
      return;
    }
    const failure = stand.failures[step];
    if (failure !== undefined) {
      failure(response);
      return;
    }
    if (step === 'start') {
      if (bearer !== secret) {
        json({ error: { code: 'BadArgument', message: 'Invalid secret' } }, 403)(response);
        return;
      }
      const conversationId = `conv-${++started}`;
      conversations.set(conversationId, { activities: [] });
      json(issue(conversationId, stand.expiresInSeconds), 201)(response);
      return;
    }
    const conversationId = bearer === undefined ? undefined : tokenConversation.get(bearer);
    if (conversationId === undefined || (route !== null && decodeURIComponent(route[1]) !== conversationId)) {
      json({ error: { code: 'TokenExpired', message: 'Token expired' } }, 403)(response);
      return;
    }
    if (step === 'refresh') {
      json(issue(conversationId, stand.expiresInSeconds))(response);
      return;
    }
    if (step === 'send') {
      const id = append(conversationId, body ?? {});
      const answers = stand.bot({ ...body, id }).map((activity) => ({
        replyToId: id,
        from: { id: 'contoso-bot', name: 'Contoso', role: 'bot' },
        ...activity,
      }));
      const post = () => answers.forEach((activity) => append(conversationId, activity));
      if (stand.replyDelayMs > 0) {
        setTimeout(post, stand.replyDelayMs);
      } else {
        post();
      }
      json({ id })(response);
      return;
    }
    const { activities } = conversations.get(conversationId)!;
    const from = Number(route?.[2] ?? 0);
    json({ activities: activities.slice(from), watermark: String(activities.length) })(response);
  });

  stand.base = server.base;
  stand.close = () => server.close();
  return stand;
}
