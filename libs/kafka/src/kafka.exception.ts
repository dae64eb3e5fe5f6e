export enum KafkaPublishErrorCode {
  /** Kafka did not acknowledge within the caller's bound. The records may still land later. */
  AckTimeout = 'ack_timeout',
  /** Too many records already wait for Kafka: refused at once rather than queued without bound. */
  BufferFull = 'buffer_full',
  /** The broker answered with an error after the client's own retries. */
  SendFailed = 'send_failed',
  /** The publisher is shutting down. */
  Closed = 'closed',
}

/** Every publish failure is retriable by the caller: nothing was acknowledged. */
export class KafkaPublishError extends Error {
  readonly retriable = true;

  constructor(
    readonly code: KafkaPublishErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KafkaPublishError';
  }
}
