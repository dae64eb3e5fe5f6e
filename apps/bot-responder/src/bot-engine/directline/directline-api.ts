import { setTimeout as sleep } from 'node:timers/promises';
import { BotEngineError, BotEngineErrorCode } from '../bot-engine.exception';
import { refused } from '../http/post-to-bot';

/** An activity as Direct Line gives it: nothing in it is trusted before it is checked. */
export type DirectLineActivity = Record<string, unknown>;

/** What start conversation and refresh token answer (the Conversation object). */
export interface DirectLineGrant {
  conversationId: string;
  token: string;
  expiresInSeconds: number;
}

export interface ActivitySet {
  activities: DirectLineActivity[];
  /** Null when Direct Line gave none: the previous one then still holds. */
  watermark: string | null;
}

type Fail = (
  code: BotEngineErrorCode,
  problem: string,
  details?: ConstructorParameters<typeof BotEngineError>[2],
) => BotEngineError;

/**
 * The four Direct Line 3.0 REST calls the engine makes, each within the turn's `signal`. Failures
 * are BotEngineErrors naming the step and the service's origin, never a secret, a token or a text.
 */
export class DirectLineApi {
  constructor(
    private readonly base: string,
    /** e.g. "Direct Line at https://europe.directline.botframework.com" */
    readonly label: string,
    private readonly timeoutMs: number,
  ) {}

  async startConversation(secret: string, userId: string, signal: AbortSignal): Promise<DirectLineGrant> {
    const step = 'starting a conversation';
    // The reference gives no body; Direct Line takes the token parameters of generate token here,
    // and its enhanced authentication refuses a conversation without a user.
    const body = await this.call(step, 'POST', '/conversations', secret, signal, { user: { id: userId } });
    return this.grantOf(step, body);
  }

  async refreshToken(token: string, signal: AbortSignal): Promise<DirectLineGrant> {
    const step = 'refreshing a token';
    return this.grantOf(step, await this.call(step, 'POST', '/tokens/refresh', token, signal));
  }

  async postActivity(
    conversationId: string,
    token: string,
    activity: DirectLineActivity,
    signal: AbortSignal,
  ): Promise<string> {
    const step = "sending the customer's message";
    const path = `/conversations/${encodeURIComponent(conversationId)}/activities`;
    const body = await this.call(step, 'POST', path, token, signal, activity);
    if (!isObject(body) || typeof body.id !== 'string') {
      throw this.fail(step)(BotEngineErrorCode.InvalidAnswer, 'answered without the id of the activity');
    }
    return body.id;
  }

  async activities(
    conversationId: string,
    token: string,
    watermark: string | null,
    signal: AbortSignal,
  ): Promise<ActivitySet> {
    const step = "reading the bot's activities";
    const query = watermark === null ? '' : `?watermark=${encodeURIComponent(watermark)}`;
    const path = `/conversations/${encodeURIComponent(conversationId)}/activities${query}`;
    const body = await this.call(step, 'GET', path, token, signal);
    if (!isObject(body) || !Array.isArray(body.activities) || !body.activities.every(isObject)) {
      throw this.fail(step)(
        BotEngineErrorCode.InvalidAnswer,
        'answered something that is not an activity set',
      );
    }
    return {
      activities: body.activities,
      watermark: typeof body.watermark === 'string' && body.watermark !== '' ? body.watermark : null,
    };
  }

  /** Waits before the next read, within the turn's time. */
  async pause(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw this.timedOut("waiting for the bot's answer");
    }
  }

  private async call(
    step: string,
    method: 'GET' | 'POST',
    path: string,
    bearer: string,
    signal: AbortSignal,
    payload?: unknown,
  ): Promise<unknown> {
    const fail = this.fail(step);
    let text: string;
    try {
      const response = await fetch(`${this.base}/v3/directline${path}`, {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
        signal,
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw refused(response, fail);
      }
      text = await response.text();
    } catch (error) {
      if (error instanceof BotEngineError) {
        throw error;
      }
      const { name, cause } = asErrorLike(error);
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw this.timedOut(step);
      }
      // Only the system error code (ECONNREFUSED…) undici keeps in `cause`, never the request itself.
      const code = asErrorLike(cause).code;
      throw fail(
        BotEngineErrorCode.Unavailable,
        `is unreachable (${typeof code === 'string' ? code : name})`,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw fail(BotEngineErrorCode.InvalidAnswer, 'answered something that is not JSON');
    }
  }

  private grantOf(step: string, body: unknown): DirectLineGrant {
    if (
      !isObject(body) ||
      typeof body.conversationId !== 'string' ||
      typeof body.token !== 'string' ||
      typeof body.expires_in !== 'number' ||
      !(body.expires_in > 0)
    ) {
      throw this.fail(step)(
        BotEngineErrorCode.InvalidAnswer,
        'answered without a conversation id, a token and its expires_in',
      );
    }
    return { conversationId: body.conversationId, token: body.token, expiresInSeconds: body.expires_in };
  }

  private timedOut(step: string): BotEngineError {
    return this.fail(step)(BotEngineErrorCode.Timeout, `did not answer within ${this.timeoutMs} ms`);
  }

  private fail(step: string): Fail {
    return (code, problem, details) =>
      new BotEngineError(code, `${this.label} ${problem} when ${step}`, details);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Duck-typed: fetch's errors come from another realm under Jest, where instanceof fails.
function asErrorLike(error: unknown): { name: string; cause?: unknown; code?: unknown } {
  if (typeof error !== 'object' || error === null) {
    return { name: 'unknown error' };
  }
  const { name, cause, code } = error as { name?: unknown; cause?: unknown; code?: unknown };
  return { name: typeof name === 'string' ? name : 'unknown error', cause, code };
}
