export enum KafkaPublishErrorCode {
  /** Kafka did not acknowledge within the caller's bound. The records may still land later. */
  AckTimeout = 'ack_timeout',
  /** Too many records already wait for Kafka: refused at once rather than queued without bound. */
  BufferFull = 'buffer_full',
  /** The broker answered with an error after the client's own retries. */
  SendFailed = 'send_failed',
  /** The publisher is shutting down. */
  Closed = 'closed',
  /** The records exceed what one batch can carry (MAX_BATCH_BYTES): sending them again cannot help. */
  TooLarge = 'too_large',
}

/** Nothing was acknowledged; every failure but TooLarge may succeed when the caller tries again. */
export class KafkaPublishError extends Error {
  readonly retriable: boolean;

  constructor(
    readonly code: KafkaPublishErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KafkaPublishError';
    this.retriable = code !== KafkaPublishErrorCode.TooLarge;
  }
}
