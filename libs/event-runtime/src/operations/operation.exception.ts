export enum OperationErrorCode {
  NotFound = 'not_found',
  /** The target is not in the state the action applies to (retry of a pending effect…). */
  WrongState = 'wrong_state',
  /** Doing it could apply something twice: refused, with the reason. */
  Unsafe = 'unsafe',
  /** Kafka did not answer or refused: nothing was changed. */
  KafkaFailed = 'kafka_failed',
  InvalidRequest = 'invalid_request',
}

/** A refused operator action: nothing was changed and nothing audited. */
export class OperationError extends Error {
  constructor(
    readonly code: OperationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OperationError';
  }
}
