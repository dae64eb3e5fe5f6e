import { type Admin } from 'kafkajs';
import { Client } from 'pg';
import { HARNESS_APPLICATION_NAME } from '../support/bot-stack';

/** The consumer groups whose progress customers depend on: their checkpoints live in their schemas. */
const CHECKPOINTS = ['bot_responder', 'handover'];

/**
 * Samples, every `intervalMs`, each consumer's checkpoint against the partition's end: a partition
 * stalls from the moment it has records to apply and its checkpoint stops moving, until it moves
 * again or catches up. What is measured is the longest such stall over the run, per phase.
 */
export class PartitionStallMonitor {
  private readonly lastProgress = new Map<string, { offset: bigint; at: number }>();
  private longestMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private sampling = false;

  constructor(
    private readonly admin: Admin,
    private readonly databaseUrl: string,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The longest stall since the last call, and starts counting anew. */
  takeLongestMs(): number {
    const now = Date.now();
    let longest = this.longestMs;
    for (const progress of this.lastProgress.values()) {
      longest = Math.max(longest, now - progress.at);
    }
    this.longestMs = 0;
    for (const progress of this.lastProgress.values()) {
      progress.at = now;
    }
    return longest;
  }

  private async sample(): Promise<void> {
    if (this.sampling) {
      return;
    }
    this.sampling = true;
    const client = new Client({
      connectionString: this.databaseUrl,
      connectionTimeoutMillis: 1_000,
      application_name: HARNESS_APPLICATION_NAME,
    });
    try {
      await client.connect();
      const rows: Array<{ consumer: string; topic: string; partition: number; next_offset: string }> = [];
      for (const schema of CHECKPOINTS) {
        const result = await client
          .query(`SELECT consumer, topic, partition, next_offset FROM ${schema}.consumer_checkpoint`)
          .catch(() => ({ rows: [] }));
        rows.push(...(result.rows as typeof rows));
      }
      const ends = new Map<string, bigint>();
      for (const topic of new Set(rows.map((row) => row.topic))) {
        for (const { partition, high } of await this.admin.fetchTopicOffsets(topic)) {
          ends.set(`${topic}/${partition}`, BigInt(high));
        }
      }
      const now = Date.now();
      for (const row of rows) {
        const key = `${row.consumer} ${row.topic}/${row.partition}`;
        const offset = BigInt(row.next_offset);
        const end = ends.get(`${row.topic}/${row.partition}`) ?? offset;
        const last = this.lastProgress.get(key);
        if (last === undefined || offset !== last.offset || offset >= end) {
          if (last !== undefined && offset === last.offset) {
            // Caught up without moving: nothing waits on this partition.
            last.at = now;
          } else {
            this.lastProgress.set(key, { offset, at: now });
          }
          continue;
        }
        this.longestMs = Math.max(this.longestMs, now - last.at);
      }
    } catch {
      // The broker or Postgres is down (a fault under way): the stall keeps counting from the last progress.
    } finally {
      await client.end().catch(() => undefined);
      this.sampling = false;
    }
  }
}
