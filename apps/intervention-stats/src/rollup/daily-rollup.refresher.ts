import { Logger } from '@nestjs/common';
import { type DataSource, type QueryRunner } from 'typeorm';
import { ROLLUP_COLUMNS, rollupRowsSql } from './rollup-rows.sql';

export interface DailyRollupRefresherOptions {
  /** How often it runs; a day is stored again once it has not changed for as long. */
  intervalMs: number;
  /** Days stored per run at most, so one transaction stays short. */
  maxDaysPerRun?: number;
}

// The UTC day $1, whatever the session's time zone.
const DAY_SQL = rollupRowsSql(
  `first_customer_at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
   AND first_customer_at < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'`,
);

/**
 * Where stats_daily is written: the days that projection batches changed (stats_day_change) are
 * computed again from thread_stats and stored. One repeatable-read snapshot serves the whole run:
 * the change rows it deletes are exactly those whose changes it saw, so a batch committed meanwhile
 * leaves its day listed, read live until the next run. Waiting for a day to settle keeps a catching-
 * up projection from storing the same days over and over. One refresher per schema at a time.
 */
export class DailyRollupRefresher {
  private readonly logger = new Logger(DailyRollupRefresher.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: DailyRollupRefresherOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Stores the days unchanged for `settledMs`; answers the days stored ([] when another replica runs). */
  async refresh(settledMs = this.options.intervalMs): Promise<string[]> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(
        `SELECT pg_try_advisory_lock(hashtext(current_schema() || '.stats_daily')) AS locked`,
      )) as Array<{ locked: boolean }>;
      if (!locked) {
        return [];
      }
      try {
        return await this.storeSettledDays(runner, settledMs);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || '.stats_daily'))`);
      }
    } finally {
      await runner.release();
    }
  }

  private async storeSettledDays(runner: QueryRunner, settledMs: number): Promise<string[]> {
    await runner.startTransaction('REPEATABLE READ');
    try {
      const changed = (await runner.query(
        `SELECT day::text AS day, array_agg(id) AS ids FROM stats_day_change
         GROUP BY day HAVING max(changed_at) <= now() - $1 * interval '1 millisecond'
         ORDER BY day LIMIT $2`,
        [settledMs, this.options.maxDaysPerRun ?? 31],
      )) as Array<{ day: string; ids: string[] }>;
      for (const { day } of changed) {
        await runner.query(`DELETE FROM stats_daily WHERE day = $1::date`, [day]);
        await runner.query(
          `INSERT INTO stats_daily (${ROLLUP_COLUMNS.join(', ')})
           SELECT ${ROLLUP_COLUMNS.map((column) => (column === 'day' ? 'day::date' : column)).join(', ')}
           FROM (${DAY_SQL}) AS rows`,
          [day],
        );
      }
      await runner.query(`DELETE FROM stats_day_change WHERE id = ANY($1::bigint[])`, [
        changed.flatMap(({ ids }) => ids),
      ]);
      await runner.commitTransaction();
      return changed.map(({ day }) => day);
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.refresh()
        .catch((error: unknown) =>
          this.logger.warn(`Daily rollup not refreshed (read live meanwhile): ${(error as Error).message}`),
        )
        .finally(() => {
          if (!this.stopped) {
            this.schedule();
          }
        });
    }, this.options.intervalMs);
    this.timer.unref();
  }
}
