export enum BotEngineErrorCode {
  Unavailable = 'unavailable',
  Timeout = 'timeout',
  InvalidAnswer = 'invalid_answer',
}

/** The bot could not answer; the caller hands the thread over. Messages never hold credentials or headers. */
export class BotEngineError extends Error {
  constructor(
    readonly code: BotEngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BotEngineError';
  }
}
