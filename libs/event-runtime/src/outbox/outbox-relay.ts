import { Logger } from '@nestjs/common';
import { type DataSource, type QueryRunner } from 'typeorm';
import { type OutgoingRecord } from '@handover/kafka';

export interface OutboxRelayOptions {
  /** Rows published per round trip to Kafka. */
  batchSize?: number;
  /** Safety net for rows nobody woke the relay for (e.g. written just before a crash). */
  pollIntervalMs?: number;
}

export type PublishRecords = (records: readonly OutgoingRecord[]) => Promise<void>;

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Publishes outbox rows in id order and marks them sent. Order per key holds because one
 * partition's transactions commit one after another, and one relay per schema runs at a time (a
 * Postgres advisory lock), so rows are never published out of their commit order for a key. A
 * crash between publish and mark republishes a row: consumers dedupe on the event-id header.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private lockHolder?: QueryRunner;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private rerun = false;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publish: PublishRecords,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    if (this.lockHolder) {
      await this.lockHolder.release();
      this.lockHolder = undefined;
    }
  }

  /** Relay soon: called after a transaction that wrote outbox rows. */
  wake(): void {
    if (this.stopped) {
      return;
    }
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.drain().then(
      () => undefined,
      () => undefined,
    );
    void this.running.finally(() => {
      this.running = undefined;
      if (this.rerun && !this.stopped) {
        this.rerun = false;
        this.wake();
      }
    });
  }

  /** Publishes everything unsent; returns how many rows went out. */
  async drain(): Promise<number> {
    let total = 0;
    try {
      if (!(await this.holdLock())) {
        return 0;
      }
      for (;;) {
        const sent = await this.relayBatch();
        total += sent;
        if (sent < (this.options.batchSize ?? 500) || this.stopped) {
          return total;
        }
      }
    } catch (error) {
      this.logger.warn(
        `Outbox relay pass failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
      );
      return total;
    }
  }

  private async relayBatch(): Promise<number> {
    const rows: OutboxRow[] = await this.dataSource.query(
      `SELECT id, topic, key, value, headers FROM outbox_message WHERE sent_at IS NULL ORDER BY id LIMIT $1`,
      [this.options.batchSize ?? 500],
    );
    if (rows.length === 0) {
      return 0;
    }
    await this.publish(rows.map(({ topic, key, value, headers }) => ({ topic, key, value, headers })));
    await this.dataSource.query(`UPDATE outbox_message SET sent_at = now() WHERE id = ANY($1::bigint[])`, [
      rows.map((row) => row.id),
    ]);
    return rows.length;
  }

  /** One relay per schema: a second replica waits, so per-key order cannot interleave. */
  private async holdLock(): Promise<boolean> {
    if (this.lockHolder) {
      return true;
    }
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const rows = (await runner.query(
      `SELECT pg_try_advisory_lock(hashtext(current_schema() || '.outbox_relay')) AS locked`,
    )) as Array<{ locked: boolean }>;
    if (!rows[0].locked) {
      await runner.release();
      return false;
    }
    this.lockHolder = runner;
    return true;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.wake();
      if (!this.stopped) {
        this.schedule();
      }
    }, this.options.pollIntervalMs ?? 500);
    this.timer.unref();
  }
}
