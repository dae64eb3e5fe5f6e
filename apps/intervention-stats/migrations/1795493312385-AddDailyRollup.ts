import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The daily rollups (stats_daily, stats_daily_intervention) and the days changed since they were
 * stored (stats_day_change), so a month's figures come from a few hundred rows (docs/metrics.md, "Daily rollup"). daily_stats now
 * counts handover requests as the summary does: a request or a handover.
 */
export class AddDailyRollup1795493312385 implements MigrationInterface {
  name = 'AddDailyRollup1795493312385';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "stats_daily" ("id" BIGSERIAL NOT NULL, "day" date NOT NULL, "source_id" text, "language" text, "conversations" integer NOT NULL, "resolved_by_bot" integer NOT NULL, "handed_over" integer NOT NULL, "waiting" integer NOT NULL, "with_bot" integer NOT NULL, "handover_requests" integer NOT NULL, "queued" integer NOT NULL, "with_closed_intervention" integer NOT NULL, "reopened" integer NOT NULL, "bounced_back" integer NOT NULL, "handed_over_by_reason" jsonb NOT NULL, "first_bot_reply_ms" jsonb NOT NULL, "handover_ms" jsonb NOT NULL, "waiting_ms" jsonb NOT NULL, CONSTRAINT "PK_e1efa32d3c9c1df27db71d9e257" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_daily_day_idx" ON "stats_daily" ("day", "source_id", "language") `,
    );
    await queryRunner.query(
      `CREATE TABLE "stats_daily_intervention" ("id" BIGSERIAL NOT NULL, "day" date NOT NULL, "source_id" text, "opened_by" text NOT NULL, "closed_by" text NOT NULL, "interventions" integer NOT NULL, "reopens" integer NOT NULL, "reopened" integer NOT NULL, "duration_ms" jsonb NOT NULL, CONSTRAINT "PK_e587c8c62887cd448e954299010" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_daily_intervention_day_idx" ON "stats_daily_intervention" ("day", "source_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "stats_day_change" ("id" BIGSERIAL NOT NULL, "day" date NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bccb5a15c94d79699688c988a2d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_day_change_day_idx" ON "stats_day_change" ("day", "changed_at") `,
    );
    await queryRunner.query(
      dailyStatsView('first_handover_request_at IS NOT NULL OR first_handed_over_at IS NOT NULL'),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(dailyStatsView('first_handover_request_at IS NOT NULL'));
    await queryRunner.query(`DROP INDEX "stats_day_change_day_idx"`);
    await queryRunner.query(`DROP TABLE "stats_day_change"`);
    await queryRunner.query(`DROP INDEX "stats_daily_intervention_day_idx"`);
    await queryRunner.query(`DROP TABLE "stats_daily_intervention"`);
    await queryRunner.query(`DROP INDEX "stats_daily_day_idx"`);
    await queryRunner.query(`DROP TABLE "stats_daily"`);
  }
}

/** The view daily_stats, with what counts as a handover request. */
function dailyStatsView(handoverRequest: string): string {
  return `
    CREATE OR REPLACE VIEW daily_stats AS
    SELECT day, source_id, language,
           count(*) AS conversations,
           count(*) FILTER (WHERE outcome = 'resolved_by_bot') AS resolved_by_bot,
           count(*) FILTER (WHERE outcome = 'handed_over') AS handed_over,
           count(*) FILTER (WHERE outcome = 'waiting') AS waiting,
           count(*) FILTER (WHERE outcome = 'with_bot') AS with_bot,
           count(*) FILTER (WHERE ${handoverRequest}) AS handover_requests,
           count(*) FILTER (WHERE first_queued_at IS NOT NULL) AS queued,
           count(*) FILTER (WHERE interventions_closed > 0) AS with_closed_intervention,
           count(*) FILTER (WHERE interventions_reopened > 0) AS reopened,
           count(*) FILTER (WHERE returns_to_bot > 0) AS bounced_back,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_first_bot_ms) AS first_bot_reply_p50_ms,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_handover_ms) AS handover_p50_ms
    FROM thread_stats
    GROUP BY day, source_id, language`;
}
