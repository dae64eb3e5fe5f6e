import { type EntityManager } from 'typeorm';

/** What a transaction queued for the background workers: who to wake once it commits. */
export interface TransactionWrites {
  outbox: boolean;
  effects: boolean;
}

const NOTHING: TransactionWrites = { outbox: false, effects: false };
const written = new WeakMap<EntityManager, TransactionWrites>();

/**
 * Noted by appendToOutbox and recordEffects on the transaction's manager (TypeORM gives each
 * transaction its own): after the commit, only the relay or worker with new work is woken, instead of
 * both after every batch (each wake costs them a query).
 */
export function noteWrite(manager: EntityManager, kind: keyof TransactionWrites): void {
  written.set(manager, { ...(written.get(manager) ?? NOTHING), [kind]: true });
}

/** What `manager`'s transaction queued; null: no transaction, nothing queued. */
export function writesOf(manager: EntityManager | null): TransactionWrites {
  return (manager && written.get(manager)) ?? NOTHING;
}
