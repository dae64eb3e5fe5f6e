import { type EntityManager, type QueryRunner } from 'typeorm';

interface PendingWrite {
  sql: string;
  params: readonly unknown[];
  table: string;
}

const attached = new WeakMap<QueryRunner, WriteBehind>();

const ROLLBACK = /^\s*ROLLBACK\b/i;

// INSERT INTO t, UPDATE t, DELETE FROM t: the statements that can ride along in a WITH.
const TARGET = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+("?[a-z_][a-z0-9_]*"?)/i;

/**
 * Blind writes of a batch transaction (rows nobody reads back before the commit: outbox rows,
 * effects, projection upserts) wait and go to Postgres in one statement with the checkpoint's move,
 * as data-modifying WITH clauses, instead of one round trip each (ADR 0011). Any other statement the
 * transaction sends first sends what waits, so every read sees every write before it; two writes to
 * one table never share a statement (they would see the same snapshot).
 */
export class WriteBehind {
  private pending: PendingWrite[] = [];
  private readonly send: (sql: string, params?: unknown[], structured?: boolean) => Promise<unknown>;

  private constructor(private readonly runner: QueryRunner) {
    this.send = runner.query.bind(runner) as typeof this.send;
    runner.query = (async (sql: string, params?: unknown[], structured?: boolean) => {
      if (ROLLBACK.test(sql)) {
        // Undone anyway (written after the savepoint, which sent what waited before it).
        this.pending = [];
      } else {
        await this.flush();
      }
      return this.send(sql, params, structured);
    }) as QueryRunner['query'];
  }

  /** Holds the blind writes of `manager`'s transaction until its next statement; detach() when it ends. */
  static attach(manager: EntityManager): WriteBehind | undefined {
    const runner = manager.queryRunner;
    if (!runner || attached.has(runner)) {
      return undefined;
    }
    const writeBehind = new WriteBehind(runner);
    attached.set(runner, writeBehind);
    return writeBehind;
  }

  detach(): void {
    attached.delete(this.runner);
    delete (this.runner as Partial<Pick<QueryRunner, 'query'>>).query;
    this.pending = [];
  }

  /** Sends what waits, alone. */
  async flush(): Promise<void> {
    const last = this.pending.pop();
    if (last === undefined) {
      return;
    }
    const combined = withPending(this.take(), last);
    await this.send(combined.sql, [...combined.params]);
  }

  /** Sends `sql` with what waits, in one statement: `sql` must neither read nor write their tables. */
  sendWith<T>(sql: string, params: readonly unknown[]): Promise<T> {
    const combined = withPending(this.take(), { sql, params });
    return this.send(combined.sql, [...combined.params]) as Promise<T>;
  }

  /** Holds a write until the transaction's next statement (runs it now if it cannot ride along). */
  async write(sql: string, params: readonly unknown[]): Promise<void> {
    const table = TARGET.exec(sql)?.[1]?.replace(/"/g, '').toLowerCase();
    if (table === undefined) {
      await this.runner.query(sql, [...params]);
      return;
    }
    if (this.pending.some((write) => write.table === table)) {
      await this.flush();
    }
    this.pending.push({ sql, params, table });
  }

  private take(): PendingWrite[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** The write-behind of the transaction `manager` runs in, if its batch holds writes. */
  static of(manager: EntityManager): WriteBehind | undefined {
    return manager.queryRunner ? attached.get(manager.queryRunner) : undefined;
  }
}

/**
 * A write whose result the caller does not need: in a batch transaction it waits for the batch's
 * next statement (see WriteBehind); anywhere else it runs now.
 */
export async function writeBlind(
  manager: EntityManager,
  sql: string,
  params: readonly unknown[],
): Promise<void> {
  const writeBehind = WriteBehind.of(manager);
  if (writeBehind) {
    await writeBehind.write(sql, params);
  } else {
    await manager.query(sql, [...params]);
  }
}

/**
 * `sql` with what waits in `manager`'s transaction, in one statement (plain `sql` when nothing can
 * wait there). For statements on tables the batch's handlers never write (the checkpoint).
 */
export function queryWithPending<T>(
  manager: EntityManager,
  sql: string,
  params: readonly unknown[],
): Promise<T> {
  const writeBehind = WriteBehind.of(manager);
  return writeBehind ? writeBehind.sendWith<T>(sql, params) : manager.query<T>(sql, [...params]);
}

/** `WITH w1 AS (write 1), … main`, each statement's $n shifted past the ones before it. */
function withPending(
  pending: readonly PendingWrite[],
  main: { sql: string; params: readonly unknown[] },
): { sql: string; params: readonly unknown[] } {
  if (pending.length === 0) {
    return main;
  }
  const params: unknown[] = [];
  const clauses = pending.map((write, index) => {
    const sql = shiftParameters(write.sql, params.length);
    params.push(...write.params);
    return `w${index + 1} AS (${sql})`;
  });
  const mainSql = shiftParameters(main.sql, params.length);
  params.push(...main.params);
  const nested = /^\s*WITH\s+/i.exec(mainSql);
  const sql = nested
    ? `WITH ${clauses.join(', ')}, ${mainSql.slice(nested[0].length)}`
    : `WITH ${clauses.join(', ')} ${mainSql}`;
  return { sql, params };
}

function shiftParameters(sql: string, by: number): string {
  return by === 0 ? sql : sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + by}`);
}
