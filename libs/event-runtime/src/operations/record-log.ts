import { type IHeaders } from 'kafkajs';

export interface RecordCoordinates {
  topic: string;
  partition: number;
  offset: string;
}

/** A record as Kafka holds it, bytes untouched. */
export interface LoggedRecord extends RecordCoordinates {
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  /** Milliseconds since the epoch, as a string (kafkajs). */
  timestamp: string;
}

/** Where parked records are read back from and published again (Kafka; see KafkaRecordLog). */
export interface RecordLog {
  /** Undefined when the offset is no longer (or not yet) on the partition. */
  read(at: RecordCoordinates): Promise<LoggedRecord | undefined>;
  /** Publishes the key, value and headers given to the partition given; returns where it landed. */
  publish(record: Omit<LoggedRecord, 'offset' | 'timestamp'>): Promise<RecordCoordinates>;
}

/** For people: text instead of bytes, the value parsed when it is JSON. */
export function readableRecord(record: LoggedRecord): {
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
  timestamp: string;
} {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) {
      headers[name] = first.toString();
    }
  }
  const text = record.value?.toString('utf8') ?? null;
  return {
    key: record.key?.toString('utf8') ?? null,
    headers,
    value: text === null ? null : jsonOrText(text),
    timestamp: new Date(Number(record.timestamp)).toISOString(),
  };
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
