import { createHash } from 'node:crypto';
import { BotEngineError, BotEngineErrorCode } from '../bot-engine.exception';
import { type BotAnswer, type BotEngine, type BotTurn } from '../bot-engine.port';
import { answerOf, isHandoff } from './directline-answer';
import { type DirectLineActivity, DirectLineApi, type DirectLineGrant } from './directline-api';
import { type DirectLineConversation, DirectLineConversations } from './directline-conversations';

export interface DirectLineEngineOptions {
  /** https://directline.botframework.com (the default), or a regional one: europe., india. … */
  endpoint?: string;
  /** The Direct Line secret: only ever sent to start a conversation, whose token does the rest. */
  secret: string;
  /** The whole turn: conversation, message and every read until the bot's answer. */
  timeoutMs: number;
  /** Between two reads of the conversation's activities; 250 ms by default. */
  pollIntervalMs?: number;
  defaultLanguage: string;
  /** Conversations kept in memory (one per thread); 10,000 by default. */
  maxConversations?: number;
  /** Milliseconds since the epoch: when a token is refreshed or a conversation started anew. */
  now?: () => number;
}

export const GLOBAL_ENDPOINT = 'https://directline.botframework.com';

/**
 * A Bot Framework bot (Azure Bot Service, Copilot Studio) over Direct Line 3.0 REST: one
 * conversation per thread, the customer's messages sent as one activity, the bot's answer read by
 * polling until it replies to that activity (docs/bot-engines/directline.md).
 */
export class DirectLineEngine implements BotEngine {
  private readonly api: DirectLineApi;
  private readonly conversations: DirectLineConversations;
  private readonly pollIntervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: DirectLineEngineOptions) {
    const endpoint = options.endpoint ?? GLOBAL_ENDPOINT;
    const url = URL.canParse(endpoint) ? new URL(endpoint) : null;
    // Not echoed: the URL may hold credentials.
    if (url === null || !['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
      throw new Error('The Direct Line endpoint must be an absolute http(s) URL without credentials');
    }
    if (typeof options.secret !== 'string' || options.secret.trim() === '') {
      throw new Error('The Direct Line secret must be set');
    }
    for (const [name, value] of [
      ['timeout', options.timeoutMs],
      ['poll interval', options.pollIntervalMs ?? 250],
      ['conversation count', options.maxConversations ?? 10_000],
    ] as const) {
      if (!Number.isInteger(value) || value <= 0) {
        throw new Error(`The Direct Line ${name} must be a positive integer`);
      }
    }
    this.api = new DirectLineApi(
      `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
      `Direct Line at ${url.origin}`,
      options.timeoutMs,
    );
    this.conversations = new DirectLineConversations(options.maxConversations ?? 10_000);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  async answer(turn: BotTurn): Promise<BotAnswer> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const language = turn.language ?? this.options.defaultLanguage;
    const user = userIdOf(turn.threadId);
    // One activity for the whole turn: the bot answers once, as every other engine's bot does.
    const message: DirectLineActivity = {
      type: 'message',
      from: { id: user },
      text: turn.text,
      locale: language,
      channelData: {
        threadId: turn.threadId,
        sourceId: turn.sourceId,
        interventionId: turn.interventionId,
        turnId: turn.turnId,
      },
    };
    const { conversation, sentId } = await this.send(turn.threadId, user, message, signal);
    const answer = answerOf(await this.answerTo(conversation, user, sentId, signal), language);
    if (answer === null) {
      throw new BotEngineError(
        BotEngineErrorCode.InvalidAnswer,
        `The bot behind ${this.api.label} answered no text and no handover`,
      );
    }
    // The bot closed this conversation or left it to an agent: a later turn starts a fresh one.
    if (answer.kind !== 'reply') {
      this.conversations.forget(turn.threadId);
    }
    return answer;
  }

  private async send(
    threadId: string,
    user: string,
    message: DirectLineActivity,
    signal: AbortSignal,
  ): Promise<{ conversation: DirectLineConversation; sentId: string }> {
    const { conversation, started } = await this.conversationOf(threadId, user, signal);
    const post = (to: DirectLineConversation) =>
      this.api.postActivity(to.conversationId, to.token, message, signal);
    try {
      return { conversation, sentId: await post(conversation) };
    } catch (error) {
      if (started || !isStale(error)) {
        throw error;
      }
      // Direct Line no longer knows this conversation or token (expired early, revoked): nothing
      // was delivered, so the message goes once to a new conversation.
      this.conversations.forget(threadId);
      const fresh = (await this.conversationOf(threadId, user, signal)).conversation;
      return { conversation: fresh, sentId: await post(fresh) };
    }
  }

  private async conversationOf(
    threadId: string,
    user: string,
    signal: AbortSignal,
  ): Promise<{ conversation: DirectLineConversation; started: boolean }> {
    const known = this.conversations.get(threadId);
    const now = this.now();
    if (known !== undefined && known.expiresAt > now) {
      if (known.expiresAt - now > known.lifetimeMs / 3) {
        return { conversation: known, started: false };
      }
      try {
        const refreshed = this.lifeOf(await this.api.refreshToken(known.token, signal));
        return {
          conversation: this.conversations.remember(threadId, { ...known, ...refreshed }),
          started: false,
        };
      } catch (error) {
        if (!isStale(error)) {
          // The token still holds for a while: a later turn refreshes it.
          return { conversation: known, started: false };
        }
      }
    }
    const grant = await this.api.startConversation(this.options.secret, user, signal);
    const conversation = { conversationId: grant.conversationId, watermark: null, ...this.lifeOf(grant) };
    return { conversation: this.conversations.remember(threadId, conversation), started: true };
  }

  /**
   * Reads the conversation until the bot has replied to `sentId` and a read brings nothing more,
   * or it hands over or ends the conversation. Late replies to an earlier message are left out.
   */
  private async answerTo(
    conversation: DirectLineConversation,
    user: string,
    sentId: string,
    signal: AbortSignal,
  ): Promise<DirectLineActivity[]> {
    const answer: DirectLineActivity[] = [];
    let replied = false;
    try {
      for (;;) {
        const set = await this.api.activities(
          conversation.conversationId,
          conversation.token,
          conversation.watermark,
          signal,
        );
        conversation.watermark = set.watermark ?? conversation.watermark;
        const fresh = set.activities.filter(
          (activity) =>
            isFromBot(activity, user) &&
            (activity.replyToId === undefined ||
              activity.replyToId === null ||
              activity.replyToId === sentId) &&
            (activity.type === 'message' || activity.type === 'endOfConversation' || isHandoff(activity)),
        );
        answer.push(...fresh);
        if (fresh.some((activity) => activity.type !== 'message') || (replied && fresh.length === 0)) {
          return answer;
        }
        replied ||= fresh.some((activity) => activity.replyToId === sentId);
        await this.api.pause(this.pollIntervalMs, signal);
      }
    } catch (error) {
      // A bot that never sets replyToId is only known to be done when the turn's time is up.
      if (answer.length > 0 && error instanceof BotEngineError && error.code === BotEngineErrorCode.Timeout) {
        return answer;
      }
      throw error;
    }
  }

  private lifeOf(grant: DirectLineGrant): Pick<DirectLineConversation, 'token' | 'expiresAt' | 'lifetimeMs'> {
    const lifetimeMs = grant.expiresInSeconds * 1000;
    return { token: grant.token, expiresAt: this.now() + lifetimeMs, lifetimeMs };
  }
}

/** Stable per thread and opaque; `dl_` is what Direct Line's enhanced authentication requires. */
function userIdOf(threadId: string): string {
  return `dl_${createHash('sha256').update(threadId).digest('hex').slice(0, 32)}`;
}

function isFromBot(activity: DirectLineActivity, user: string): boolean {
  const from = activity.from;
  return typeof from === 'object' && from !== null && (from as { id?: unknown }).id !== user;
}

/** Direct Line refused the token or lost the conversation: a new conversation may succeed. */
function isStale(error: unknown): boolean {
  return error instanceof BotEngineError && [401, 403, 404].includes(error.status ?? 0);
}
