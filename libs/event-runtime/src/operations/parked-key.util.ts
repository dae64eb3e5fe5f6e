import { OperationError, OperationErrorCode } from './operation.exception';

export interface ParkedKey {
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
}

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
    consumer === '' ||
    topic === '' ||
    !/^\d+$/.test(partition) ||
    !/^\d+$/.test(offset)
  ) {
    throw new OperationError(
      OperationErrorCode.InvalidRequest,
      `"${key}" is not a parked record key (<consumer>/<topic>/<partition>/<offset>)`,
    );
  }
  return { consumer, topic, partition: Number(partition), offset };
}
