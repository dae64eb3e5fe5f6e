import {
  CompressionTypes,
  type Kafka,
  type Message,
  Partitioners,
  type Producer,
  type TopicMessages,
} from 'kafkajs';
import { KafkaPublishError, KafkaPublishErrorCode } from './kafka.exception';
import { MAX_BATCH_BYTES, type OutgoingRecord, recordBytes } from './outgoing-record';

export interface CoalescingPublisherOptions {
  /** How long an idle publisher waits for more records before sending. */
  lingerMs: number;
  maxBatchRecords: number;
  /** Bytes per Produce request (recordBytes): a caller's records over it are refused at once. */
  maxBatchBytes?: number;
  /** Records waiting for Kafka beyond this are refused at once (back-pressure instead of memory growth). */
  maxBufferedRecords: number;
}

interface PendingPublish {
  readonly records: readonly OutgoingRecord[];
  readonly bytes: number;
  settle(error?: KafkaPublishError): void;
}

/**
 * Publishes records from many concurrent callers in few Produce requests, with the idempotent
 * producer (acks=all). One batch is in flight at a time: while it is, new records gather into the
 * next batch, so batching grows with load and adds no delay when idle beyond `lingerMs`.
 * Each caller's promise resolves only once Kafka acknowledged all of its records.
 */
export class CoalescingPublisher {
  private readonly queue: PendingPublish[] = [];
  private queuedRecords = 0;
  private producer: Producer;
  private connected?: Promise<void>;
  private inFlight = false;
  private lingerTimer?: NodeJS.Timeout;
  private closed = false;
  private readonly drainedWaiters: Array<() => void> = [];
  private readonly maxBatchBytes: number;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: CoalescingPublisherOptions,
  ) {
    this.producer = this.createProducer();
    this.maxBatchBytes = options.maxBatchBytes ?? MAX_BATCH_BYTES;
  }

  publish(records: readonly OutgoingRecord[], timeoutMs: number): Promise<void> {
    if (this.closed) {
      return Promise.reject(new KafkaPublishError(KafkaPublishErrorCode.Closed, 'The publisher is closed'));
    }
    if (records.length === 0) {
      return Promise.resolve();
    }
    const bytes = records.reduce((sum, record) => sum + recordBytes(record), 0);
    if (bytes > this.maxBatchBytes) {
      return Promise.reject(
        new KafkaPublishError(
          KafkaPublishErrorCode.TooLarge,
          `${records.length} records take ${bytes} bytes, over the ${this.maxBatchBytes} one batch carries`,
        ),
      );
    }
    if (this.queuedRecords + records.length > this.options.maxBufferedRecords) {
      return Promise.reject(
        new KafkaPublishError(KafkaPublishErrorCode.BufferFull, 'Too many records are waiting for Kafka'),
      );
    }
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const entry: PendingPublish = {
        records,
        bytes,
        settle: (error) => {
          if (settled) {
            return;
          }
          settled = true;
          clearTimeout(timer);
          if (error) {
            reject(error);
          } else {
            resolve();
          }
        },
      };
      const timer = setTimeout(() => {
        this.removeQueued(entry);
        entry.settle(
          new KafkaPublishError(
            KafkaPublishErrorCode.AckTimeout,
            `Kafka did not acknowledge within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.queue.push(entry);
      this.queuedRecords += records.length;
      this.scheduleFlush();
    });
  }

  /** Sends what is queued and waits for the batch in flight, then disconnects; bounded by `timeoutMs`. */
  async close(timeoutMs = 5_000): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + timeoutMs;
    if (this.inFlight || this.queue.length > 0) {
      this.scheduleFlush(true);
      await settledWithin(new Promise<void>((resolve) => this.drainedWaiters.push(resolve)), timeoutMs);
    }
    for (const entry of this.queue.splice(0)) {
      entry.settle(
        new KafkaPublishError(KafkaPublishErrorCode.Closed, 'The publisher closed before sending'),
      );
    }
    clearTimeout(this.lingerTimer);
    await settledWithin(this.producer.disconnect(), Math.max(0, deadline - Date.now()));
  }

  private scheduleFlush(now = false): void {
    if (this.inFlight) {
      return; // the batch in flight flushes the queue when it completes
    }
    if (now || this.options.lingerMs === 0 || this.queuedRecords >= this.options.maxBatchRecords) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = undefined;
      setImmediate(() => void this.flush());
    } else {
      this.lingerTimer ??= setTimeout(() => void this.flush(), this.options.lingerMs);
    }
  }

  private async flush(): Promise<void> {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    if (this.inFlight || this.queue.length === 0) {
      return;
    }
    const batch = this.takeBatch();
    this.inFlight = true;
    try {
      await this.ensureConnected();
      await this.producer.sendBatch({
        topicMessages: toTopicMessages(batch),
        acks: -1,
        compression: CompressionTypes.None,
      });
      batch.forEach((entry) => entry.settle());
    } catch (error) {
      const failure = new KafkaPublishError(
        KafkaPublishErrorCode.SendFailed,
        'Kafka did not accept the batch',
        {
          cause: error,
        },
      );
      batch.forEach((entry) => entry.settle(failure));
      await this.fenceProducer();
    } finally {
      this.inFlight = false;
      if (this.queue.length > 0) {
        this.scheduleFlush(true);
      } else {
        this.drainedWaiters.splice(0).forEach((wake) => wake());
      }
    }
  }

  /** Callers in arrival order, up to the record and byte bounds: one big caller never sinks others. */
  private takeBatch(): PendingPublish[] {
    const batch: PendingPublish[] = [];
    let size = 0;
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0];
      const full =
        size + next.records.length > this.options.maxBatchRecords || bytes + next.bytes > this.maxBatchBytes;
      if (batch.length > 0 && full) {
        break;
      }
      this.queue.shift();
      batch.push(next);
      size += next.records.length;
      bytes += next.bytes;
    }
    this.queuedRecords -= size;
    return batch;
  }

  private removeQueued(entry: PendingPublish): void {
    const index = this.queue.indexOf(entry);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.queuedRecords -= entry.records.length;
    }
  }

  private ensureConnected(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  /**
   * After a failed send the idempotent producer's sequence numbers no longer match what the broker
   * may have written; reusing it could make the broker take a new batch for a duplicate of the old
   * one. A fresh producer gets a fresh producer id. The failed callers were told, and retry.
   */
  private async fenceProducer(): Promise<void> {
    const previous = this.producer;
    this.producer = this.createProducer();
    this.connected = undefined;
    await previous.disconnect().catch(() => undefined);
  }

  private createProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2 partitioning: consumers in other languages agree on key placement.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 3 },
    });
  }
}

function toTopicMessages(batch: readonly PendingPublish[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { records } of batch) {
    for (const record of records) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ key: record.key, value: record.value, headers: record.headers });
      byTopic.set(record.topic, messages);
    }
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Waits for `promise` to settle, or `ms` at most; never rejects. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
