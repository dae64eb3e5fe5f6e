import { EntityManager } from 'typeorm';
import { noteWrite } from '../database/transaction-writes';
import { writeBlind } from '../database/write-behind';

export interface EffectIntent {
  id: string;
  kind: string;
  sequenceKey: string;
  payload: Record<string, unknown>;
}

/**
 * Records effects in the caller's transaction. Ids are deterministic, so deciding twice (a
 * redelivered event) records once. Rows get `seq` in the given order.
 */
export async function recordEffects(manager: EntityManager, intents: readonly EffectIntent[]): Promise<void> {
  const seen = new Set<string>();
  const unique = intents.filter((intent) => !seen.has(intent.id) && seen.add(intent.id));
  if (unique.length === 0) {
    return;
  }
  noteWrite(manager, 'effects');
  const params: unknown[] = [];
  const rows = unique.map((intent) => {
    params.push(intent.id, intent.kind, intent.sequenceKey, JSON.stringify(intent.payload));
    const base = params.length - 4;
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb)`;
  });
  await writeBlind(
    manager,
    `INSERT INTO effect (id, kind, sequence_key, payload) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`,
    params,
  );
}
