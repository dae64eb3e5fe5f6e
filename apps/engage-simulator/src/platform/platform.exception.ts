export enum PlatformErrorCode {
  NotFound = 'not_found',
  InvalidParameters = 'invalid_parameters',
  Forbidden = 'forbidden',
  InterventionAlreadyOpened = 'intervention_already_opened',
  InterventionAlreadyClosed = 'intervention_already_closed',
  InterventionWithoutAgentReply = 'intervention_without_agent_reply',
  NotInterventionOwner = 'not_intervention_owner',
  SourceNotReadable = 'source_not_readable',
  ReplyNotAllowed = 'reply_not_allowed',
  InterventionNotClosed = 'intervention_not_closed',
  CantReplyToClosedThread = 'cant_reply_to_closed_thread',
  NoOpenIntervention = 'no_open_intervention',
  ThreadAlreadyClosed = 'thread_already_closed',
  ThreadAlreadyOpened = 'thread_already_opened',
  InvalidAccessToken = 'invalid_access_token',
  RateLimitExceeded = 'rate_limit_exceeded',
}

/**
 * Any refusal of the simulated platform, decided by the model or by the HTTP layer (token, rate
 * limit); the REST layer renders it as RCED's `{error, message, status}` envelope.
 */
export class PlatformError extends Error {
  constructor(
    readonly code: PlatformErrorCode,
    readonly status: number,
    message: string,
    /** Sent as Retry-After with a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'PlatformError';
  }

  static notFound(kind: string, id: string): PlatformError {
    return new PlatformError(PlatformErrorCode.NotFound, 404, `${kind} ${id} not found`);
  }

  static invalid(message: string): PlatformError {
    return new PlatformError(PlatformErrorCode.InvalidParameters, 422, message);
  }

  static forbidden(code: PlatformErrorCode, message: string): PlatformError {
    return new PlatformError(code, 403, message);
  }
}
