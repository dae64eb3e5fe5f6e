import { Logger } from '@nestjs/common';
import { type Consumer, type EachBatchPayload, type Kafka } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { type TransactionWrites } from '../database/transaction-writes';
import { backoffDelayMs } from '../runtime/backoff';
import { toConsumedRecord } from './consumed-record';
import { type EventDispatcher } from './event-dispatcher';
import { type BatchOutcome, PartitionBatchApplier } from './partition-batch.applier';

export interface BatchedConsumerOptions {
  kafka: Kafka;
  /** The consumer group, and the name its checkpoints are stored under. */
  groupId: string;
  /** Routes records to the handlers; its topics are the ones subscribed. */
  dispatcher: EventDispatcher;
  dlqTopic: string;
  dataSource: DataSource;
  /** Attempts of one record before it is parked on `dlqTopic`. */
  maxAttempts?: number;
  /**
   * true (the default): each event id is claimed in `processed_event` inside the batch's
   * transaction, and a record whose event id was applied before (RCED redelivers an event in new
   * records) never reaches the handlers. false: no claim; every record reaches the handlers,
   * duplicates included (within one batch too; a parked event's redelivery is tried again). Safe
   * only when the app deduplicates itself: applying an event twice must leave what applying it once
   * left, because each write is keyed by the event id under the app's own unique key (insert-once,
   * ON CONFLICT DO NOTHING), never a count or sum a duplicate adds to, and no outbox row or platform
   * call is recorded per record. Saves one `processed_event` row and index entry per record.
   */
  dedupeEventIds?: boolean;
  retryBaseDelayMs?: number;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** Called after each committed batch that queued outbox rows or effects: wakes who has work. */
  afterCommit?: (wrote: TransactionWrites) => void;
  /** Every batch's outcome and time, for metrics. */
  onBatch?: (topic: string, outcome: BatchOutcome, seconds: number) => void;
}

/**
 * A Kafka consumer on kafkajs `eachBatch` (Nest's own Kafka server handles one message at a time,
 * nestjs/nest#9455): each partition's batch is applied in one Postgres transaction with its
 * checkpoint. Kafka's committed offsets are only a hint for tooling: the checkpoint table is the
 * truth.
 */
/** What readiness and the gauges need of the consumer, read without a query. */
export interface ConsumerProbe {
  state: 'stopped' | 'joining' | 'member' | 'crashed';
  /** Partitions this instance was given at its last join. */
  partitions: number;
  /** `topic/partition` whose batch has been running, or retried, since `stalledAfterMs` or longer. */
  stalled: string[];
}

export class BatchedConsumer {
  private readonly log = new Logger(BatchedConsumer.name);
  private state: ConsumerProbe['state'] = 'stopped';
  private assigned = 0;
  /** When each running batch began, by `topic/partition`, retries included. */
  private readonly running = new Map<string, number>();
  private readonly applier: PartitionBatchApplier;
  /** Offsets applied and not yet committed to Kafka, by `topic/partition`. */
  private readonly uncommitted = new Map<string, { topic: string; partition: number; offset: string }>();
  private commitTimer?: NodeJS.Timeout;
  private consumer?: Consumer;

  constructor(private readonly options: BatchedConsumerOptions) {
    this.applier = new PartitionBatchApplier(options.dataSource, options.dispatcher, {
      consumer: options.groupId,
      dlqTopic: options.dlqTopic,
      maxAttempts: options.maxAttempts ?? 5,
      dedupeEventIds: options.dedupeEventIds ?? true,
    });
  }

  get topics(): readonly string[] {
    return this.options.dispatcher.topics;
  }

  async start(): Promise<void> {
    const { kafka, groupId } = this.options;
    this.consumer = kafka.consumer({
      groupId,
      // A crashed instance's partitions wait this long for a new owner: short, but above heartbeats.
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
    });
    this.state = 'joining';
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      this.state = 'member';
      this.assigned = Object.values(payload.memberAssignment).reduce((sum, list) => sum + list.length, 0);
    });
    this.consumer.on(CRASH, ({ payload }) => {
      this.state = payload.restart ? 'joining' : 'crashed';
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    // Kafka's committed offset is only a hint (for lag dashboards, and so a restart does not re-read
    // the whole log up to the checkpoint): what was applied is committed once a second. kafkajs's own
    // commitOffsetsIfNecessary only commits on a later batch, so the last second of a burst stayed
    // uncommitted until traffic came back, and lag never reached zero on a quiet topic.
    // The same tick writes the checkpoint moves of the batches passed by without a statement.
    this.commitTimer = setInterval(() => void this.flushPassedBy().then(() => this.commitApplied()), 1_000);
    // A hint: it never keeps the process alive.
    this.commitTimer.unref();
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 4,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  probe(stalledAfterMs: number, now = Date.now()): ConsumerProbe {
    const stalled = [...this.running]
      .filter(([, since]) => now - since >= stalledAfterMs)
      .map(([key]) => key);
    return { state: this.state, partitions: this.assigned, stalled };
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    clearInterval(this.commitTimer);
    await this.commitApplied();
    await this.consumer?.disconnect();
    this.consumer = undefined;
    // No batch runs any more: what was passed by is written last.
    await this.flushPassedBy();
  }

  private async flushPassedBy(): Promise<void> {
    await this.applier.flushPassedBy().catch((error: unknown) => {
      // Only the move is lost: the records are read again and passed by again.
      this.log.warn(`Checkpoints not moved (${error instanceof Error ? error.message : String(error)})`);
    });
  }

  private async commitApplied(): Promise<void> {
    if (this.uncommitted.size === 0 || this.consumer === undefined) {
      return;
    }
    const offsets = [...this.uncommitted.values()];
    this.uncommitted.clear();
    // During a rebalance the commit is refused: the new owner commits its own progress.
    await this.consumer.commitOffsets(offsets).catch((error: unknown) => {
      this.log.debug(`Offsets not committed (${error instanceof Error ? error.message : String(error)})`);
    });
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const key = `${payload.batch.topic}/${payload.batch.partition}`;
    this.running.set(key, Date.now());
    try {
      await this.applyBatch(payload);
    } finally {
      this.running.delete(key);
    }
  }

  private async applyBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    let records = batch.messages.map((message) => toConsumedRecord(batch.topic, batch.partition, message));
    let retries = 0;
    while (records.length > 0 && payload.isRunning() && !payload.isStale()) {
      const started = Date.now();
      const outcome = await this.applier.apply(records);
      this.options.onBatch?.(batch.topic, outcome, (Date.now() - started) / 1000);
      switch (outcome.kind) {
        case 'applied':
        case 'fenced':
          payload.resolveOffset(records[records.length - 1].offset);
          this.uncommitted.set(`${batch.topic}/${batch.partition}`, {
            topic: batch.topic,
            partition: batch.partition,
            offset: (BigInt(records[records.length - 1].offset) + 1n).toString(),
          });
          if (outcome.kind === 'applied' && (outcome.wrote.outbox || outcome.wrote.effects)) {
            this.options.afterCommit?.(outcome.wrote);
          }
          return;
        case 'seek':
          this.log.warn(
            `Kafka is ahead of our checkpoint on ${batch.topic}/${batch.partition}: seeking back`,
          );
          this.consumer?.seek({
            topic: batch.topic,
            partition: batch.partition,
            offset: outcome.nextOffset.toString(),
          });
          return;
        case 'retry': {
          const next = outcome.nextOffset;
          records = records.filter((record) => BigInt(record.offset) >= next);
          retries += 1;
          await delay(
            backoffDelayMs(retries, { baseDelayMs: this.options.retryBaseDelayMs ?? 200, maxDelayMs: 5_000 }),
          );
          await payload.heartbeat();
          break;
        }
        default: {
          const unknownOutcome: never = outcome;
          throw new Error(`Unexpected batch outcome ${String(unknownOutcome)}`);
        }
      }
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
