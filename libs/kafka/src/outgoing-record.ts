/** A record to produce: always keyed (per-thread order), value already serialized. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The most a publish may carry: a broker's default `message.max.bytes` (1,048,588) bounds one
 * record batch, less room for the batch's own framing. A Produce request over it would be refused
 * whole, together with every caller coalesced into it.
 */
export const MAX_BATCH_BYTES = 1_000_000;

/** A record's size in a batch: its bytes plus Kafka's per-record framing (an upper bound of it). */
export function recordBytes(record: OutgoingRecord): number {
  let bytes = Buffer.byteLength(record.value) + Buffer.byteLength(record.key) + RECORD_OVERHEAD_BYTES;
  for (const name of Object.keys(record.headers)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(record.headers[name]) + HEADER_OVERHEAD_BYTES;
  }
  return bytes;
}

/** Varint lengths, offsets and timestamps deltas, attributes: at most this many bytes each. */
const RECORD_OVERHEAD_BYTES = 32;
const HEADER_OVERHEAD_BYTES = 10;
