import { OperationError, OperationErrorCode } from './operation.exception';

export interface ParkedKey {
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
}

// The columns' types (int, bigint): a larger number names no record, and Postgres would refuse it.
const MAX_PARTITION = 2_147_483_647;
const MAX_OFFSET = 9_223_372_036_854_775_807n;

/**
 * `<consumer>/<topic>/<partition>/<offset>`, read from the right: a topic name has no `/`, so a
 * consumer name may.
 */
export function parseParkedKey(key: string): ParkedKey {
  const parts = key.split('/');
  const [topic, partition, offset] = parts.slice(-3);
  const consumer = parts.slice(0, -3).join('/');
  if (
    parts.length < 4 ||
    key.includes('\u0000') || // Postgres refuses it in text: no consumer or topic name holds it
    consumer === '' ||
    topic === '' ||
    !(/^\d{1,10}$/.test(partition) && Number(partition) <= MAX_PARTITION) ||
    !(/^\d{1,19}$/.test(offset) && BigInt(offset) <= MAX_OFFSET)
  ) {
    throw new OperationError(
      OperationErrorCode.InvalidRequest,
      `${JSON.stringify(key)} is not a parked record key (<consumer>/<topic>/<partition>/<offset>)`,
    );
  }
  return { consumer, topic, partition: Number(partition), offset };
}
