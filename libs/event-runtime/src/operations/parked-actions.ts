import { storableEventId } from '../consumer/storable-text.util';
import { RECORD_HEADERS } from '@handover/contracts';
import { type EntityManager } from 'typeorm';
import { type OpsRequest, assertRequest, writeAudit } from './ops-audit';
import { OperationError, OperationErrorCode } from './operation.exception';
import { type OpsScope, qualified } from './ops-scope';
import { type ParkedRecordView, readParkedRecord } from './parked-records';
import { type LoggedRecord, type RecordCoordinates, type RecordLog } from './record-log';

/** Says, on the copy a retry publishes, which parked record it retries. */
export const RETRY_OF_HEADER = 'ops-retry-of';

// Clocks of the producer, Postgres and this machine need not agree to the second.
const CLOCK_MARGIN_MS = 60 * 60_000;

export interface RetryParkedOptions {
  log: RecordLog;
  /** The consumers' LEDGER_RETENTION_MS: how long each one remembers the event ids it applied. */
  ledgerRetentionMs: number;
  now?: () => Date;
}

/** Acknowledges a parked record without applying it: it leaves the open list, audited. */
export async function discardParkedRecord(
  scope: OpsScope,
  key: string,
  by: OpsRequest,
): Promise<ParkedRecordView> {
  assertRequest(by);
  return scope.dataSource.transaction(async (manager) => {
    const parked = await readParkedRecord(manager, scope, key, true);
    assertOpen(parked, 'discarded');
    await writeAudit(manager, scope, {
      by,
      action: 'discard',
      targetKind: 'parked_record',
      targetId: parked.key,
      before: parked,
      after: { state: 'discarded' },
    });
    return { ...parked, state: 'discarded' };
  });
}

/**
 * Publishes the parked record again, as it is on its topic (key, value, headers, partition), so its
 * consumer applies it anew. The consumer skips event ids it has applied, and parking counted as
 * applied: the consumer's claim on the event id is released in the transaction that publishes the
 * copy and writes the audit row. A failed publish rolls all of it back; a commit that fails after
 * the publish leaves the claim, so the copy is skipped as a duplicate. Every other consumer of the
 * topic sees the copy too and skips it by the same event id, which is why a retry is refused for a
 * record without one, or one older than the consumers' memory of event ids.
 */
export async function retryParkedRecord(
  scope: OpsScope,
  key: string,
  by: OpsRequest,
  options: RetryParkedOptions,
): Promise<{ record: ParkedRecordView; copy: RecordCoordinates }> {
  assertRequest(by);
  const parked = await readParkedRecord(scope.dataSource.manager, scope, key, false);
  assertOpen(parked, 'retried');
  const source = await readSource(options.log, parked);
  assertSafeToRepublish(parked, source, options);
  return scope.dataSource.transaction(async (manager) => {
    const locked = await readParkedRecord(manager, scope, key, true);
    assertOpen(locked, 'retried');
    const released = await releaseEventId(manager, scope, locked);
    const copy = await kafka(`publish to ${locked.topic}`, () =>
      options.log.publish({
        topic: source.topic,
        partition: source.partition,
        key: source.key,
        value: source.value,
        headers: { ...source.headers, [RETRY_OF_HEADER]: locked.key },
      }),
    );
    await writeAudit(manager, scope, {
      by,
      action: 'retry',
      targetKind: 'parked_record',
      targetId: locked.key,
      before: { ...locked, processedEvent: released },
      after: { state: 'retried', copy },
    });
    return { record: { ...locked, state: 'retried' }, copy };
  });
}

function assertOpen(parked: ParkedRecordView, verb: 'discarded' | 'retried'): void {
  if (parked.state !== 'open') {
    throw new OperationError(
      OperationErrorCode.WrongState,
      `Parked record ${parked.key} is ${parked.state} already: only an open one can be ${verb}`,
    );
  }
}

async function readSource(log: RecordLog, parked: ParkedRecordView): Promise<LoggedRecord> {
  const source = await kafka(`read ${parked.topic}`, () => log.read(parked));
  if (!source) {
    throw new OperationError(
      OperationErrorCode.NotFound,
      `${parked.topic}/${parked.partition}@${parked.offset} is no longer on its topic: nothing to publish again`,
    );
  }
  return source;
}

function assertSafeToRepublish(
  parked: ParkedRecordView,
  source: LoggedRecord,
  options: RetryParkedOptions,
): void {
  const header = source.headers[RECORD_HEADERS.eventId];
  const eventId =
    header === undefined ? null : storableEventId(String(Array.isArray(header) ? header[0] : header));
  if (parked.eventId === null || eventId === null) {
    throw new OperationError(
      OperationErrorCode.Unsafe,
      `Parked record ${parked.key} has no event id: every consumer of ${parked.topic} would apply a copy again`,
    );
  }
  if (eventId !== parked.eventId) {
    throw new OperationError(
      OperationErrorCode.Unsafe,
      `${parked.topic}/${parked.partition}@${parked.offset} holds event ${eventId}, not the parked ${parked.eventId}`,
    );
  }
  const now = (options.now ?? (() => new Date()))().getTime();
  const writtenAt = Number(source.timestamp);
  if (now - writtenAt > options.ledgerRetentionMs - CLOCK_MARGIN_MS) {
    throw new OperationError(
      OperationErrorCode.Unsafe,
      `${parked.topic}/${parked.partition}@${parked.offset} was written ${new Date(writtenAt).toISOString()}, ` +
        `longer ago than the consumers remember event ids (LEDGER_RETENTION_MS): the other consumers of ` +
        `${parked.topic} could apply a copy again`,
    );
  }
}

/**
 * Deletes the consumer's claim on the event id, which parking the record wrote. A claim from
 * another record means the event was applied since (a redelivery): there is nothing to retry.
 */
async function releaseEventId(
  manager: EntityManager,
  scope: OpsScope,
  parked: ParkedRecordView,
): Promise<Record<string, unknown> | null> {
  const rows: Array<{ topic: string; partition: number; offset: string; processedAt: Date }> =
    await manager.query(
      `SELECT topic, partition, "offset", processed_at AS "processedAt" FROM ${qualified(scope, 'processed_event')}
     WHERE consumer = $1 AND event_id = $2 FOR UPDATE`,
      [parked.consumer, parked.eventId],
    );
  const claim = rows[0];
  if (!claim) {
    return null;
  }
  if (
    claim.topic !== parked.topic ||
    claim.partition !== parked.partition ||
    claim.offset !== parked.offset
  ) {
    throw new OperationError(
      OperationErrorCode.WrongState,
      `Event ${parked.eventId} was applied by ${parked.consumer} from ${claim.topic}/${claim.partition}@${claim.offset} ` +
        `since it was parked: nothing to retry`,
    );
  }
  await manager.query(
    `DELETE FROM ${qualified(scope, 'processed_event')} WHERE consumer = $1 AND event_id = $2`,
    [parked.consumer, parked.eventId],
  );
  return claim;
}

async function kafka<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new OperationError(
      OperationErrorCode.KafkaFailed,
      `Could not ${what}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
