import { PeriodicJob } from '@handover/event-runtime';
import { Logger } from '@nestjs/common';
import { type DataSource, type QueryRunner } from 'typeorm';
import { CONVERSATION_ROLLUP } from './conversation-rollup';
import { INTERVENTION_ROLLUP } from './intervention-rollup';
import { type RollupDefinition } from './rollup-definition';

export interface DailyRollupRefresherOptions {
  /** How often it runs; a day is stored again once it has not changed for as long. */
  intervalMs: number;
  /** Days stored per run at most, so one transaction stays short. */
  maxDaysPerRun?: number;
}

export const ROLLUPS: readonly RollupDefinition[] = [CONVERSATION_ROLLUP, INTERVENTION_ROLLUP];

/** Computes the UTC day $1 of a rollup (whatever the session's time zone) into its table. */
function storeDaySql(rollup: RollupDefinition): string {
  const rows = rollup.rowsSql(
    `${rollup.timeColumn} >= ($1::date)::timestamp AT TIME ZONE 'UTC'
     AND ${rollup.timeColumn} < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'`,
  );
  return `INSERT INTO ${rollup.table} (${rollup.columns.join(', ')})
    SELECT ${rollup.columns.map((column) => (column === 'day' ? 'day::date' : column)).join(', ')}
    FROM (${rows}) AS rows`;
}

const STORE_DAY = ROLLUPS.map((rollup) => ({ table: rollup.table, sql: storeDaySql(rollup) }));

/**
 * Where the daily rollups (stats_daily, stats_daily_intervention) are written: the days that
 * projection batches changed (stats_day_change) are computed again from the views and stored. One repeatable-read snapshot serves the whole run:
 * the change rows it deletes are exactly those whose changes it saw, so a batch committed meanwhile
 * leaves its day listed, read live until the next run. Waiting for a day to settle keeps a catching-
 * up projection from storing the same days over and over. One refresher per schema at a time.
 */
export class DailyRollupRefresher {
  private readonly logger = new Logger(DailyRollupRefresher.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: DailyRollupRefresherOptions,
  ) {}

  /** The live app's job: a refresh every `intervalMs`; a failed one is logged, and the days stay read live. */
  job(): PeriodicJob {
    return new PeriodicJob(this.options.intervalMs, () =>
      this.refresh().then(
        () => undefined,
        (error: unknown) =>
          this.logger.warn(`Daily rollup not refreshed (read live meanwhile): ${(error as Error).message}`),
      ),
    );
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
        for (const { table, sql } of STORE_DAY) {
          await runner.query(`DELETE FROM ${table} WHERE day = $1::date`, [day]);
          await runner.query(sql, [day]);
        }
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
}
