import { type EntityManager } from 'typeorm';
import { type BatchScope } from './batch-scope';
import { type ConsumedRecord } from './consumed-record';

/**
 * Applies one record inside the batch's transaction: projection writes, outbox rows and effect
 * intents all go through `manager`, so they commit together with the checkpoint or not at all.
 */
export type RecordHandler = (
  record: ConsumedRecord,
  manager: EntityManager,
  batch: BatchScope,
) => Promise<void>;
