import { type EntityManager } from 'typeorm';
import { type BatchScope } from './batch-scope';
import { type ConsumedRecord } from './consumed-record';

/**
 * Applies one record inside the batch's transaction: projection writes, outbox rows and effect
 * intents all go through `manager`, so they commit together with the checkpoint or not at all.
 * A handler with nothing to wait for (it only folds into the batch scope) returns undefined, and
 * the batch loop then does not await it.
 */
export type RecordHandler = (
  record: ConsumedRecord,
  manager: EntityManager,
  batch: BatchScope,
) => Promise<void> | undefined;
