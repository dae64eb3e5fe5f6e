import { type DataSource } from 'typeorm';
import { dayName, planRollup, type TimeRange } from './rollup-plan';
import { ROLLUP_COLUMNS, rollupRowsSql, type RollupRow } from './rollup-rows.sql';

export interface RollupFilter {
  sourceId: string | null;
  language: string | null;
}

const STORED_SQL = `
  SELECT ${ROLLUP_COLUMNS.map((column) => (column === 'day' ? 'day::text AS day' : column)).join(', ')}
  FROM stats_daily
  WHERE day = ANY($3::date[]) AND ($1::text IS NULL OR source_id = $1) AND ($2::text IS NULL OR language = $2)`;

/**
 * The rollup rows of the conversations first written in `range`: stored days from stats_daily,
 * the rest computed live, all in one snapshot, so the answer is exact and as fresh as the
 * projection whatever the refresher has done.
 */
export function readRollup(
  dataSource: DataSource,
  range: TimeRange,
  filter: RollupFilter,
): Promise<RollupRow[]> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    const changed = await manager.query<Array<{ day: string }>>(
      `SELECT DISTINCT day::text AS day FROM stats_day_change WHERE day >= $1::date AND day <= $2::date`,
      [dayName(range.from.getTime()), dayName(range.to.getTime())],
    );
    const plan = planRollup(range, new Set(changed.map(({ day }) => day)));
    const filterParams = [filter.sourceId, filter.language];
    const stored: RollupRow[] =
      plan.storedDays.length === 0 ? [] : await manager.query(STORED_SQL, [...filterParams, plan.storedDays]);
    if (plan.liveRanges.length === 0) {
      return stored;
    }
    const ranges = plan.liveRanges
      .map((_, index) => `(first_customer_at >= $${3 + 2 * index} AND first_customer_at < $${4 + 2 * index})`)
      .join(' OR ');
    const live: RollupRow[] = await manager.query(
      rollupRowsSql(
        `(${ranges}) AND ($1::text IS NULL OR source_id = $1) AND ($2::text IS NULL OR language = $2)`,
      ),
      [...filterParams, ...plan.liveRanges.flatMap(({ from, to }) => [from.toISOString(), to.toISOString()])],
    );
    return [...stored, ...live];
  });
}
