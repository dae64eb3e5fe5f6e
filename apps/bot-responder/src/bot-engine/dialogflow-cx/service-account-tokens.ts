import { JWT } from 'google-auth-library';
import { BotEngineError, BotEngineErrorCode } from '../bot-engine.exception';
import { refused } from '../http/post-to-bot';
import { GOOGLE_TOKEN_URI, type ServiceAccountKey } from './service-account-key.util';

/** Enough for detectIntent, narrower than cloud-platform. */
const DIALOGFLOW_SCOPE = 'https://www.googleapis.com/auth/dialogflow';

/**
 * Access tokens for one service account, from google-auth-library: exchanged with a signed JWT
 * (OAuth 2.0 JWT-bearer grant), cached and refreshed before they expire, one exchange at a time.
 * Failures are BotEngineErrors naming the token endpoint and the service account, never the key,
 * the assertion or a token.
 */
export class ServiceAccountTokens {
  private client: JWT;
  private readonly label: string;

  constructor(
    private readonly key: ServiceAccountKey,
    private readonly timeoutMs: number,
  ) {
    const uri = new URL(key.tokenUri);
    this.label = `The token endpoint at ${uri.origin}${uri.pathname} (service account ${key.clientEmail})`;
    this.client = this.newClient();
  }

  async accessToken(): Promise<string> {
    let token: string | null | undefined;
    try {
      ({ token } = await this.client.getAccessToken());
    } catch (error) {
      throw this.failure(error);
    }
    if (!token) {
      throw this.fail(BotEngineErrorCode.InvalidAnswer, 'answered no access token');
    }
    return token;
  }

  /** Drops the cached token (Dialogflow refused it): the next turn exchanges the key again. */
  forget(): void {
    this.client = this.newClient();
  }

  private newClient(): JWT {
    const client = new JWT({
      email: this.key.clientEmail,
      key: this.key.privateKey,
      scopes: [DIALOGFLOW_SCOPE],
      transporterOptions: {
        timeout: this.timeoutMs,
        // No retries of its own: the effect worker asks again, with its backoff, on a retriable error.
        retryConfig: { retry: 0, noResponseRetries: 0 },
        // Node's fetch, as for detectIntent; gaxios would otherwise load node-fetch (ESM only).
        fetchImplementation: fetch,
      },
    });
    // google-auth-library 10 always posts the grant to Google's endpoint and ignores the key's
    // token_uri: honour it, for private endpoints and for the tests' stand-in.
    if (this.key.tokenUri !== GOOGLE_TOKEN_URI) {
      const tokenUri = new URL(this.key.tokenUri);
      client.transporter.interceptors.request.add({
        resolved: (config) => {
          if (config.url.href === GOOGLE_TOKEN_URI) {
            config.url = tokenUri;
          }
          return Promise.resolve(config);
        },
      });
    }
    return client;
  }

  private failure(error: unknown): BotEngineError {
    const { status, response } = error as {
      status?: unknown;
      response?: { data?: unknown; headers?: unknown };
    };
    if (typeof status === 'number') {
      if (status === 429 || status >= 500) {
        return refused({ status, headers: headersOf(response?.headers) }, (code, problem, details) =>
          this.fail(code, problem, details),
        );
      }
      // An OAuth error code (invalid_grant…) says why; its description is not ours to repeat.
      const oauthError = (response?.data as { error?: unknown } | undefined)?.error;
      const why = typeof oauthError === 'string' && /^[a-z_]{1,40}$/.test(oauthError) ? ` ${oauthError}` : '';
      const problem = `refused the service account's key (HTTP ${status}${why})`;
      return this.fail(BotEngineErrorCode.AuthRefused, problem, { status });
    }
    const chain = causes(error);
    const names = chain.map(({ name }) => name).filter((name): name is string => typeof name === 'string');
    if (names.includes('TimeoutError') || names.includes('AbortError')) {
      return this.fail(BotEngineErrorCode.Timeout, `did not answer within ${this.timeoutMs} ms`);
    }
    // The library's own error, with no cause: the endpoint answered 2xx without an access token.
    if (chain.length === 1 && chain[0].code === undefined) {
      return this.fail(BotEngineErrorCode.InvalidAnswer, 'answered no access token');
    }
    // Only the system error code (ECONNREFUSED, CERT_HAS_EXPIRED…), never the request itself.
    const code = chain
      .map((cause) => cause.code)
      .find((value): value is string => typeof value === 'string' && /^[A-Z][A-Z0-9_]+$/.test(value));
    return this.fail(
      BotEngineErrorCode.Unavailable,
      `is unreachable (${code ?? names[0] ?? 'unknown error'})`,
    );
  }

  private fail(
    code: BotEngineErrorCode,
    problem: string,
    details?: ConstructorParameters<typeof BotEngineError>[2],
  ): BotEngineError {
    return new BotEngineError(code, `${this.label} ${problem}`, details);
  }
}

/** The error and its causes, outermost first (gaxios wraps fetch's error, which wraps the socket's). */
function causes(error: unknown): Array<{ name?: unknown; code?: unknown }> {
  const chain: Array<{ name?: unknown; code?: unknown; cause?: unknown }> = [];
  for (let current = error; typeof current === 'object' && current !== null && chain.length < 5;) {
    const link = current as { name?: unknown; code?: unknown; cause?: unknown };
    chain.push(link);
    current = link.cause;
  }
  return chain;
}

function headersOf(headers: unknown): Headers {
  return typeof (headers as Headers | undefined)?.get === 'function' ? (headers as Headers) : new Headers();
}
