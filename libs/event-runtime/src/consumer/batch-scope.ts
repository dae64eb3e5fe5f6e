import { type EntityManager } from 'typeorm';
import { type ConsumedRecord } from './consumed-record';

/**
 * What the handlers of one batch share inside its transaction: a repository can load the rows of
 * every record of the batch in one query and write them back in one statement before the commit,
 * instead of a round trip per record. When a batch is re-run record by record (a record failed),
 * each record gets its own scope, flushed inside its savepoint.
 */
export class BatchScope {
  private readonly shared = new Map<string, unknown>();
  private readonly flushes = new Map<string, () => Promise<void>>();

  constructor(
    readonly records: readonly ConsumedRecord[],
    readonly manager: EntityManager,
  ) {}

  memo<T>(key: string, create: () => T): T {
    if (!this.shared.has(key)) {
      this.shared.set(key, create());
    }
    return this.shared.get(key) as T;
  }

  /** Runs once, before the checkpoint moves; registering the same key again changes nothing. */
  beforeCommit(key: string, flush: () => Promise<void>): void {
    if (!this.flushes.has(key)) {
      this.flushes.set(key, flush);
    }
  }

  async flush(): Promise<void> {
    for (const flush of this.flushes.values()) {
      await flush();
    }
    this.flushes.clear();
  }
}
