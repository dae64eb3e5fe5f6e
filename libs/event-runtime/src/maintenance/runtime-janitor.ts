import { Logger } from '@nestjs/common';
import { type DataSource } from 'typeorm';

export interface RuntimeJanitorOptions {
  /** Sent outbox rows are on Kafka already: kept this long for inspection. Default 1 h. */
  outboxRetentionMs?: number;
  /**
   * Processed event ids and settled effects: the dedupe memory. Must outlast RCED's redeliveries
   * (it retries for hours) and any replay of a decision. Default 7 days.
   */
  ledgerRetentionMs?: number;
  intervalMs?: number;
  /** Rows deleted per statement, so a backlog never holds long locks. */
  batchSize?: number;
  now?: () => Date;
}

export interface JanitorReport {
  outbox: number;
  effects: number;
  processedEvents: number;
}

const DEFAULTS = {
  outboxRetentionMs: 60 * 60_000,
  ledgerRetentionMs: 7 * 24 * 60 * 60_000,
  intervalMs: 10 * 60_000,
  batchSize: 5_000,
};

/**
 * Keeps the runtime tables bounded: without it, every sent outbox row, settled effect and processed
 * event id stays forever, and the relay and the effect worker scan more of them each time.
 * Unsent rows and pending effects are never touched.
 */
export class RuntimeJanitor {
  private readonly logger = new Logger(RuntimeJanitor.name);
  private readonly options: typeof DEFAULTS;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    options: RuntimeJanitorOptions = {},
  ) {
    this.options = {
      outboxRetentionMs: options.outboxRetentionMs ?? DEFAULTS.outboxRetentionMs,
      ledgerRetentionMs: options.ledgerRetentionMs ?? DEFAULTS.ledgerRetentionMs,
      intervalMs: options.intervalMs ?? DEFAULTS.intervalMs,
      batchSize: options.batchSize ?? DEFAULTS.batchSize,
    };
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.schedule();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async runOnce(): Promise<JanitorReport> {
    const now = this.now().getTime();
    const sentBefore = new Date(now - this.options.outboxRetentionMs);
    const settledBefore = new Date(now - this.options.ledgerRetentionMs);
    return {
      outbox: await this.deleteAll(
        `DELETE FROM outbox_message WHERE id IN (
           SELECT id FROM outbox_message WHERE sent_at IS NOT NULL AND sent_at < $1 LIMIT $2)`,
        sentBefore,
      ),
      effects: await this.deleteAll(
        `DELETE FROM effect WHERE id IN (
           SELECT id FROM effect WHERE status <> 'pending' AND updated_at < $1 LIMIT $2)`,
        settledBefore,
      ),
      processedEvents: await this.deleteAll(
        `DELETE FROM processed_event WHERE (consumer, event_id) IN (
           SELECT consumer, event_id FROM processed_event WHERE processed_at < $1 LIMIT $2)`,
        settledBefore,
      ),
    };
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then((report) => {
          const total = report.outbox + report.effects + report.processedEvents;
          if (total > 0) {
            this.logger.log({ msg: 'Runtime tables trimmed', ...report });
          }
        })
        .catch((error: unknown) => this.logger.warn(`Runtime tables not trimmed this time: ${String(error)}`))
        .finally(() => {
          if (this.timer !== undefined) {
            this.schedule();
          }
        });
    }, this.options.intervalMs);
  }

  private async deleteAll(sql: string, before: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const rows: unknown[] = await this.dataSource.query(
        `WITH deleted AS (${sql} RETURNING 1) SELECT 1 FROM deleted`,
        [before, this.options.batchSize],
      );
      total += rows.length;
      if (rows.length < this.options.batchSize) {
        return total;
      }
    }
  }
}
