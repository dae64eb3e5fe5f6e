export enum BotEngineErrorCode {
  Unavailable = 'unavailable',
  Timeout = 'timeout',
  InvalidAnswer = 'invalid_answer',
  AuthRefused = 'auth_refused',
  RateLimited = 'rate_limited',
  /** Any other 4xx: the bot refused the request itself. */
  Refused = 'refused',
}

/** Worth asking again: the bot may answer next time. A refusal or a bad answer would only repeat. */
const RETRIABLE = new Set([
  BotEngineErrorCode.Unavailable,
  BotEngineErrorCode.Timeout,
  BotEngineErrorCode.RateLimited,
]);

/**
 * The bot could not answer. Messages never hold credentials, headers or the customer's text. The
 * shape (`code`, `status`, `retriable`, `retryAfterSeconds`) is the one the effect worker reads.
 */
export class BotEngineError extends Error {
  readonly retriable: boolean;

  constructor(
    readonly code: BotEngineErrorCode,
    message: string,
    readonly details: { status?: number; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'BotEngineError';
    this.retriable = RETRIABLE.has(code);
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get retryAfterSeconds(): number | undefined {
    return this.details.retryAfterSeconds;
  }
}
