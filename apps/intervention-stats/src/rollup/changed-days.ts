import { type EntityManager } from 'typeorm';

export interface BatchChanges {
  /** Threads and interventions the batch merges into. */
  threadIds: readonly string[];
  interventionIds: readonly string[];
  /** The days they may land on now: the batch's customer messages and openings. */
  at: readonly string[];
}

/**
 * Lists in stats_day_change the UTC days whose conversations or interventions a batch changes, so
 * the daily rollups read them live until they are stored again. Run before the batch's merges: an
 * event older than the first one seen moves its thread or intervention to an earlier day, and both
 * days change.
 */
export async function recordChangedDays(manager: EntityManager, changes: BatchChanges): Promise<void> {
  if (changes.threadIds.length === 0 && changes.interventionIds.length === 0) {
    return;
  }
  await manager.query(
    `INSERT INTO stats_day_change (day)
     SELECT DISTINCT day FROM (
       SELECT (first_customer_at AT TIME ZONE 'UTC')::date AS day FROM stats_thread_engage
       WHERE thread_id = ANY($1::text[]) AND first_customer_at IS NOT NULL
       UNION ALL
       SELECT (opened_at AT TIME ZONE 'UTC')::date FROM stats_intervention
       WHERE intervention_id = ANY($2::text[]) AND opened_at IS NOT NULL
       UNION ALL
       SELECT (at AT TIME ZONE 'UTC')::date FROM unnest($3::timestamptz[]) AS at) AS days`,
    [changes.threadIds, changes.interventionIds, changes.at],
  );
}
