import { type EntityManager } from 'typeorm';

/**
 * Lists in stats_day_change the UTC days whose conversations a batch changes, so the daily rollup
 * reads them live until they are stored again. Run before the batch's merges: a customer message
 * older than the thread's first moves the thread to an earlier day, and both days change.
 */
export async function recordChangedDays(
  manager: EntityManager,
  threadIds: readonly string[],
  customerMessagesAt: readonly string[],
): Promise<void> {
  if (threadIds.length === 0) {
    return;
  }
  await manager.query(
    `INSERT INTO stats_day_change (day)
     SELECT DISTINCT day FROM (
       SELECT (first_customer_at AT TIME ZONE 'UTC')::date AS day FROM stats_thread_engage
       WHERE thread_id = ANY($1::text[]) AND first_customer_at IS NOT NULL
       UNION ALL
       SELECT (at AT TIME ZONE 'UTC')::date FROM unnest($2::timestamptz[]) AS at) AS days`,
    [threadIds, customerMessagesAt],
  );
}
