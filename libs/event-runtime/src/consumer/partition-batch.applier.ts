import { InvalidEventError } from '@handover/contracts';
import { tracingEnabled } from '@handover/observability';
import { Logger } from '@nestjs/common';
import { type DataSource, type EntityManager } from 'typeorm';
import { type TransactionWrites, writesOf } from '../database/transaction-writes';
import { WriteBehind } from '../database/write-behind';
import { appendToOutbox } from '../outbox/outbox.writer';
import { BatchScope } from './batch-scope';
import { CheckpointStore } from './checkpoint.store';
import { type ConsumedRecord } from './consumed-record';
import { deadLetterRecord, describeFailure } from './dead-letter';
import { type EventDispatcher } from './event-dispatcher';
import { processInSpan } from './record-span';
import { storableText } from './storable-text.util';

export interface PartitionBatchApplierOptions {
  consumer: string;
  dlqTopic: string;
  /** Attempts of one record before it is parked on the dead-letter topic. */
  maxAttempts: number;
  /** See BatchedConsumerOptions.dedupeEventIds. */
  dedupeEventIds?: boolean;
}

export type BatchOutcome =
  /** Everything up to `nextOffset` is applied (or was already). */
  | { kind: 'applied'; nextOffset: bigint; applied: number; parked: number; wrote: TransactionWrites }
  /** The record at `nextOffset` failed and has attempts left: retry from there. */
  | { kind: 'retry'; nextOffset: bigint; error: unknown }
  /** Kafka handed us records past our checkpoint: seek back to it (nothing is applied). */
  | { kind: 'seek'; nextOffset: bigint }
  /** Another instance moved the checkpoint meanwhile: this batch is stale. */
  | { kind: 'fenced' };

/**
 * Where this instance knows a partition's checkpoint to be: `written` is the row as it last read or
 * wrote it; `passed` is past the batches no handler took since, whose move is not written yet.
 */
interface KnownCheckpoint {
  topic: string;
  partition: number;
  written: bigint;
  passed: bigint;
}

/**
 * Applies one partition's batch in one transaction with its checkpoint (STYLE.md rule 6). Records
 * below the checkpoint are skipped (a rebalance replays them: kafkajs has no rebalance listener,
 * kafkajs#1088), records no handler takes are passed by (never parsed nor claimed), event ids seen
 * before are skipped (unless `dedupeEventIds` is false), and a failing record is isolated so the
 * records before it still commit.
 */
export class PartitionBatchApplier {
  private readonly logger = new Logger(PartitionBatchApplier.name);
  private readonly store: CheckpointStore;
  private readonly attempts = new Map<string, number>();
  private readonly dedupeEventIds: boolean;
  private readonly known = new Map<string, KnownCheckpoint>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly handlers: Pick<EventDispatcher, 'wants' | 'dispatch'>,
    private readonly options: PartitionBatchApplierOptions,
  ) {
    this.store = new CheckpointStore(options.consumer);
    this.dedupeEventIds = options.dedupeEventIds ?? true;
  }

  async apply(records: readonly ConsumedRecord[]): Promise<BatchOutcome> {
    if (records.length === 0) {
      return { kind: 'fenced' };
    }
    if (!records.some((record) => this.handlers.wants(record)) && (await this.passBy(records))) {
      return {
        kind: 'applied',
        nextOffset: nextAfter(records),
        applied: 0,
        parked: 0,
        wrote: writesOf(null),
      };
    }
    const outcome = await this.applyTransactionally(records);
    const key = partitionKey(records[0]);
    if (outcome.kind === 'applied' || outcome.kind === 'retry') {
      // The transaction left the row at nextOffset.
      const { topic, partition } = records[0];
      this.known.set(key, { topic, partition, written: outcome.nextOffset, passed: outcome.nextOffset });
    } else {
      this.known.delete(key);
    }
    return outcome;
  }

  /**
   * Writes the checkpoint moves that passing batches by left in memory (compare-and-set, one
   * statement per partition). The consumer calls it every second and when it stops; losing them in
   * a crash costs only reading those records again.
   */
  async flushPassedBy(): Promise<void> {
    for (const [key, known] of [...this.known]) {
      if (known.passed === known.written) {
        continue;
      }
      const { topic, partition, written, passed } = known;
      const moved = await this.store.advance(this.dataSource.manager, topic, partition, written, passed);
      if (this.known.get(key) !== known) {
        continue; // A batch moved it meanwhile and knows better.
      }
      if (moved) {
        known.written = passed;
      } else {
        this.known.delete(key);
      }
    }
  }

  private async applyTransactionally(records: readonly ConsumedRecord[]): Promise<BatchOutcome> {
    try {
      return await this.dataSource.transaction((manager) => this.applyInTransaction(manager, records, false));
    } catch (error) {
      if (error instanceof FencedError) {
        return { kind: 'fenced' };
      }
      // Some record failed: isolate it with savepoints so the ones before it still commit.
      return this.dataSource
        .transaction((manager) => this.applyInTransaction(manager, records, true))
        .catch((isolatedError: unknown) => {
          if (isolatedError instanceof FencedError) {
            return { kind: 'fenced' } as const;
          }
          throw isolatedError;
        });
    }
  }

  /**
   * A batch no handler takes (an app's own decisions coming back, live) costs no statement when it
   * follows on where this instance knows the checkpoint to be: the move is kept in memory, written
   * with the next transaction on the partition or by flushPassedBy(). Otherwise one statement,
   * compare-and-set from the batch's first offset, instead of a transaction of four. False when the
   * checkpoint is elsewhere (missing, behind, ahead): the transactional path decides.
   */
  private async passBy(records: readonly ConsumedRecord[]): Promise<boolean> {
    const { topic, partition, offset } = records[0];
    const first = BigInt(offset);
    const next = nextAfter(records);
    const key = partitionKey(records[0]);
    const known = this.known.get(key);
    if (known?.passed === first) {
      known.passed = next;
      return true;
    }
    if (!(await this.store.advance(this.dataSource.manager, topic, partition, first, next))) {
      return false;
    }
    this.known.set(key, { topic, partition, written: next, passed: next });
    return true;
  }

  /**
   * Where the partition's records start for this batch: past what was passed by when the row is
   * still where this instance left it; the row's own value otherwise (another instance moved it).
   */
  private startOf(records: readonly ConsumedRecord[], checkpoint: bigint | null): bigint | null {
    const known = this.known.get(partitionKey(records[0]));
    return known !== undefined && checkpoint === known.written ? known.passed : checkpoint;
  }

  /** The batch's blind writes ride along with its checkpoint's move (WriteBehind). */
  private async applyInTransaction(
    manager: EntityManager,
    records: readonly ConsumedRecord[],
    isolate: boolean,
  ): Promise<BatchOutcome> {
    const writes = WriteBehind.attach(manager);
    try {
      const outcome = await this.applyRecords(manager, records, isolate);
      await writes?.flush();
      return outcome;
    } finally {
      writes?.detach();
    }
  }

  private async applyRecords(
    manager: EntityManager,
    records: readonly ConsumedRecord[],
    isolate: boolean,
  ): Promise<BatchOutcome> {
    const { topic, partition } = records[0];
    // The hot path locks the checkpoint and claims the batch's event ids in one round trip, which
    // holds when the batch starts at the checkpoint (or there is none yet), as it nearly always does.
    const claims =
      !isolate && this.dedupeEventIds ? claimsOf(records.filter((r) => this.handlers.wants(r))) : null;
    const locked = claims
      ? await this.store.lockAndClaim(manager, topic, partition, this.expectedRow(records), claims.ids)
      : { checkpoint: await this.store.lock(manager, topic, partition), claimed: undefined };
    const { checkpoint } = locked;
    const start = this.startOf(records, checkpoint);
    const pending = start === null ? records : records.filter((r) => BigInt(r.offset) >= start);
    if (pending.length === 0) {
      return { kind: 'fenced' };
    }
    if (start !== null && BigInt(pending[0].offset) > start) {
      return { kind: 'seek', nextOffset: start };
    }
    if (isolate) {
      return this.applyOneByOne(manager, pending, checkpoint, start);
    }
    const fresh =
      claims && locked.claimed
        ? [...claims.first].filter((r) => r.eventId === null || locked.claimed?.has(r.eventId))
        : await this.freshRecords(
            manager,
            pending.filter((record) => this.handlers.wants(record)),
          );
    return this.applyAll(manager, pending, fresh, checkpoint);
  }

  /**
   * The common case, and the hot path: no per-record promise of our own, so a synchronous handler
   * costs no await (the scope's writes go out in its flush, once per batch). Any error rolls the
   * whole transaction back and apply() runs the batch again one record at a time.
   */
  private async applyAll(
    manager: EntityManager,
    pending: readonly ConsumedRecord[],
    fresh: readonly ConsumedRecord[],
    checkpoint: bigint | null,
  ): Promise<BatchOutcome> {
    const { topic, partition } = pending[0];
    const scope = new BatchScope(fresh, manager);
    for (const record of fresh) {
      const handled = this.dispatch(record, manager, scope);
      if (handled !== undefined) {
        await handled;
      }
    }
    await scope.flush();
    const nextOffset = BigInt(pending[pending.length - 1].offset) + 1n;
    await this.advance(manager, topic, partition, checkpoint, nextOffset);
    return { kind: 'applied', nextOffset, applied: fresh.length, parked: 0, wrote: writesOf(manager) };
  }

  /** A record's handlers, in a span of their own when tracing is on (one boolean asked otherwise). */
  private dispatch(
    record: ConsumedRecord,
    manager: EntityManager,
    scope: BatchScope,
  ): Promise<void> | undefined {
    return tracingEnabled()
      ? processInSpan(record, this.options.consumer, () => this.handlers.dispatch(record, manager, scope))
      : this.handlers.dispatch(record, manager, scope);
  }

  /**
   * The checkpoint row a batch expects: where this instance wrote it last when the batch follows on
   * from records it passed by, else the batch's first offset.
   */
  private expectedRow(records: readonly ConsumedRecord[]): bigint {
    const first = BigInt(records[0].offset);
    const known = this.known.get(partitionKey(records[0]));
    return known?.passed === first ? known.written : first;
  }

  /** After a failure: each record in its own savepoint, claiming its own event id. */
  private async applyOneByOne(
    manager: EntityManager,
    pending: readonly ConsumedRecord[],
    checkpoint: bigint | null,
    start: bigint | null,
  ): Promise<BatchOutcome> {
    const { topic, partition } = pending[0];
    const wanted = pending.filter((record) => this.handlers.wants(record));
    const candidates = this.dedupeEventIds ? firstOfEachEventId(wanted) : new Set(wanted);
    let applied = 0;
    let parked = 0;
    let nextOffset = start ?? BigInt(pending[0].offset);
    for (const record of pending) {
      if (candidates.has(record)) {
        const result = await this.applyIsolated(manager, record);
        if (result === 'retry') {
          const error = this.lastErrors.get(attemptKey(record));
          await this.advance(manager, topic, partition, checkpoint, nextOffset);
          return { kind: 'retry', nextOffset, error };
        }
        if (result === 'parked') {
          parked += 1;
        } else if (result === 'applied') {
          applied += 1;
        }
      }
      nextOffset = BigInt(record.offset) + 1n;
    }
    await this.advance(manager, topic, partition, checkpoint, nextOffset);
    return { kind: 'applied', nextOffset, applied, parked, wrote: writesOf(manager) };
  }

  /** Records to hand to handlers, in order: first occurrence of each event id never applied before. */
  private async freshRecords(
    manager: EntityManager,
    records: readonly ConsumedRecord[],
  ): Promise<readonly ConsumedRecord[]> {
    if (!this.dedupeEventIds || records.length === 0) {
      return records;
    }
    const { first, ids } = claimsOf(records);
    const claimed = await this.store.claimEventIds(manager, records[0].topic, records[0].partition, ids);
    return records.filter(
      (record) => first.has(record) && (record.eventId === null || claimed.has(record.eventId)),
    );
  }

  private readonly lastErrors = new Map<string, unknown>();

  private async applyIsolated(
    manager: EntityManager,
    record: ConsumedRecord,
  ): Promise<'applied' | 'parked' | 'retry' | 'duplicate'> {
    await manager.query('SAVEPOINT record');
    try {
      if (record.eventId !== null && !(await this.claim(manager, record))) {
        await manager.query('RELEASE SAVEPOINT record');
        return 'duplicate';
      }
      // Its own scope, flushed inside the savepoint: a failure leaves nothing pending in memory.
      const scope = new BatchScope([record], manager);
      await this.dispatch(record, manager, scope);
      await scope.flush();
      await manager.query('RELEASE SAVEPOINT record');
      this.attempts.delete(attemptKey(record));
      this.lastErrors.delete(attemptKey(record));
      return 'applied';
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT record');
      return this.onFailure(manager, record, error);
    }
  }

  private async onFailure(
    manager: EntityManager,
    record: ConsumedRecord,
    error: unknown,
  ): Promise<'parked' | 'retry'> {
    const key = attemptKey(record);
    const attempts = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempts);
    this.lastErrors.set(key, error);
    const where = `${record.topic}/${record.partition}@${record.offset}`;
    const invalid = canNeverApply(error);
    if (!invalid && attempts < this.options.maxAttempts) {
      this.logger.warn(
        `Record ${where} failed (attempt ${attempts}/${this.options.maxAttempts}): ${message(error)}`,
      );
      return 'retry';
    }
    const why = invalid ? 'at once (it can never apply)' : `after ${attempts} attempts`;
    this.logger.error(`Record ${where} parked on ${this.options.dlqTopic} ${why}: ${message(error)}`);
    await this.park(manager, record, invalid ? 'invalid' : 'failed', describeFailure(error), attempts);
    this.attempts.delete(key);
    this.lastErrors.delete(key);
    return 'parked';
  }

  /**
   * Parked counts as handled: the event id is claimed (a redelivery is not applied later), the
   * dead-letter copy is queued and the parked row written, in a savepoint of their own. Should the
   * record not be storable even with U+0000 replaced, it is parked again without its value: the
   * partition moves on in every case but a database that refuses everything.
   */
  private async park(
    manager: EntityManager,
    record: ConsumedRecord,
    cause: 'invalid' | 'failed',
    reason: string,
    attempts: number,
  ): Promise<void> {
    for (const keepValue of [true, false]) {
      await manager.query('SAVEPOINT park');
      try {
        await this.claim(manager, record);
        await appendToOutbox(manager, [
          deadLetterRecord(this.options.dlqTopic, this.options.consumer, record, reason, attempts, keepValue),
        ]);
        await manager.query(
          `INSERT INTO parked_record (consumer, topic, partition, "offset", event_id, event_type, record_key,
             cause, reason, attempts, value_kept)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
          [
            this.options.consumer,
            record.topic,
            record.partition,
            record.offset,
            record.eventId,
            record.eventType === null ? null : storableText(record.eventType),
            record.key === null ? null : storableText(record.key),
            cause,
            storableText(reason),
            attempts,
            keepValue,
          ],
        );
        await manager.query('RELEASE SAVEPOINT park');
        return;
      } catch (parkError) {
        await manager.query('ROLLBACK TO SAVEPOINT park');
        if (!keepValue) {
          throw parkError;
        }
        this.logger.warn(
          `Record ${record.topic}/${record.partition}@${record.offset} could not be parked with its value ` +
            `(${message(parkError)}): parking it without`,
        );
      }
    }
  }

  private async claim(manager: EntityManager, record: ConsumedRecord): Promise<boolean> {
    if (record.eventId === null || !this.dedupeEventIds) {
      return true;
    }
    const claimed = await this.store.claimEventIds(manager, record.topic, record.partition, {
      eventIds: [record.eventId],
      offsets: [record.offset],
    });
    return claimed.size === 1;
  }

  private async advance(
    manager: EntityManager,
    topic: string,
    partition: number,
    expected: bigint | null,
    next: bigint,
  ): Promise<void> {
    if (expected !== null && next === expected) {
      return;
    }
    if (!(await this.store.advance(manager, topic, partition, expected, next))) {
      throw new FencedError();
    }
  }
}

class FencedError extends Error {
  constructor() {
    super('checkpoint moved by another instance');
  }
}

/** The records to hand to handlers if their ids are new, and the ids (with offsets) to claim. */
function claimsOf(records: readonly ConsumedRecord[]): {
  first: Set<ConsumedRecord>;
  ids: { eventIds: string[]; offsets: string[] };
} {
  const first = firstOfEachEventId(records);
  const ids = { eventIds: [] as string[], offsets: [] as string[] };
  for (const record of first) {
    if (record.eventId !== null) {
      ids.eventIds.push(record.eventId);
      ids.offsets.push(record.offset);
    }
  }
  return { first, ids };
}

/** Records without an event id, and the first record of each event id. */
function firstOfEachEventId(records: readonly ConsumedRecord[]): Set<ConsumedRecord> {
  const seen = new Set<string>();
  const first = new Set<ConsumedRecord>();
  for (const record of records) {
    if (record.eventId === null) {
      first.add(record);
    } else if (!seen.has(record.eventId)) {
      seen.add(record.eventId);
      first.add(record);
    }
  }
  return first;
}

function nextAfter(records: readonly ConsumedRecord[]): bigint {
  return BigInt(records[records.length - 1].offset) + 1n;
}

function partitionKey(record: ConsumedRecord): string {
  return `${record.topic}/${record.partition}`;
}

function attemptKey(record: ConsumedRecord): string {
  return `${record.topic}/${record.partition}@${record.offset}`;
}

/**
 * Failures that the same record meets on every attempt: its value breaks our contract, or Postgres
 * refuses the data itself (SQLSTATE class 22: text it cannot hold, dates or numbers out of range).
 * Retrying them only stalls the partition.
 */
function canNeverApply(error: unknown): boolean {
  if (error instanceof InvalidEventError) {
    return true;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
