import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The per-topic tables, and the documented views analysts query (docs/metrics.md). */
export class CreateInterventionStatsProjection1795487905587 implements MigrationInterface {
  name = 'CreateInterventionStatsProjection1795487905587';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "projection_meta" ("name" text NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_8bb4dc701ca264e88f1bc096a07" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "stats_thread_bot" ("thread_id" text NOT NULL, "language" text, "first_bot_at" TIMESTAMP WITH TIME ZONE, "bot_turns" integer NOT NULL DEFAULT '0', "fallbacks" integer NOT NULL DEFAULT '0', "first_resolved_at" TIMESTAMP WITH TIME ZONE, "first_handover_request_at" TIMESTAMP WITH TIME ZONE, "handover_reason" text, CONSTRAINT "PK_5435bed18b3ff3e3e0697df5410" PRIMARY KEY ("thread_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "stats_thread_engage" ("thread_id" text NOT NULL, "source_id" text, "language" text, "first_customer_at" TIMESTAMP WITH TIME ZONE, "last_customer_at" TIMESTAMP WITH TIME ZONE, "customer_messages" integer NOT NULL DEFAULT '0', "interventions_opened" integer NOT NULL DEFAULT '0', "interventions_closed" integer NOT NULL DEFAULT '0', "interventions_reopened" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_da362c13eee20e793b07524174b" PRIMARY KEY ("thread_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_thread_engage_source_idx" ON "stats_thread_engage" ("source_id", "first_customer_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_thread_engage_first_idx" ON "stats_thread_engage" ("first_customer_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "stats_thread_handover" ("thread_id" text NOT NULL, "first_queued_at" TIMESTAMP WITH TIME ZONE, "first_handed_over_at" TIMESTAMP WITH TIME ZONE, "handover_trigger" text, "waited_ms" bigint, "handovers" integer NOT NULL DEFAULT '0', "returns_to_bot" integer NOT NULL DEFAULT '0', "route" text, "route_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4a7510aa76867ef16ea5689fb2e" PRIMARY KEY ("thread_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "stats_timeline" ("event_id" text NOT NULL, "thread_id" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "topic" text NOT NULL, "type" text NOT NULL, "detail" jsonb NOT NULL, CONSTRAINT "PK_28924b10368a2b31c31b26374dd" PRIMARY KEY ("event_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_timeline_thread_idx" ON "stats_timeline" ("thread_id", "at")`,
    );
    // One row per conversation (a thread a customer wrote in and the bot or handover took part in),
    // with its single outcome: the outcomes partition the conversations, so their rates sum to 100%.
    await queryRunner.query(`
      CREATE VIEW thread_stats AS
      SELECT e.thread_id,
             e.source_id,
             COALESCE(e.language, b.language) AS language,
             e.first_customer_at,
             (e.first_customer_at AT TIME ZONE 'UTC')::date AS day,
             e.customer_messages,
             COALESCE(b.bot_turns, 0) AS bot_turns,
             COALESCE(b.fallbacks, 0) AS fallbacks,
             b.first_bot_at,
             b.first_resolved_at,
             b.first_handover_request_at,
             COALESCE(b.handover_reason, CASE WHEN h.handover_trigger = 'emergency' THEN 'emergency' END) AS handover_reason,
             h.first_queued_at,
             h.first_handed_over_at,
             h.handover_trigger,
             h.waited_ms,
             COALESCE(h.handovers, 0) AS handovers,
             COALESCE(h.returns_to_bot, 0) AS returns_to_bot,
             COALESCE(h.route, 'BOT') AS route,
             e.interventions_closed,
             e.interventions_reopened,
             EXTRACT(EPOCH FROM (b.first_bot_at - e.first_customer_at)) * 1000 AS time_to_first_bot_ms,
             EXTRACT(EPOCH FROM (h.first_handed_over_at - e.first_customer_at)) * 1000 AS time_to_handover_ms,
             CASE
               WHEN h.first_handed_over_at IS NOT NULL THEN 'handed_over'
               WHEN h.route = 'WAITING' THEN 'waiting'
               WHEN b.first_resolved_at IS NOT NULL THEN 'resolved_by_bot'
               ELSE 'with_bot'
             END AS outcome
      FROM stats_thread_engage e
      LEFT JOIN stats_thread_bot b ON b.thread_id = e.thread_id
      LEFT JOIN stats_thread_handover h ON h.thread_id = e.thread_id
      WHERE e.first_customer_at IS NOT NULL AND (b.thread_id IS NOT NULL OR h.thread_id IS NOT NULL)`);
    await queryRunner.query(`
      CREATE VIEW daily_stats AS
      SELECT day, source_id, language,
             count(*) AS conversations,
             count(*) FILTER (WHERE outcome = 'resolved_by_bot') AS resolved_by_bot,
             count(*) FILTER (WHERE outcome = 'handed_over') AS handed_over,
             count(*) FILTER (WHERE outcome = 'waiting') AS waiting,
             count(*) FILTER (WHERE outcome = 'with_bot') AS with_bot,
             count(*) FILTER (WHERE first_handover_request_at IS NOT NULL) AS handover_requests,
             count(*) FILTER (WHERE first_queued_at IS NOT NULL) AS queued,
             count(*) FILTER (WHERE interventions_closed > 0) AS with_closed_intervention,
             count(*) FILTER (WHERE interventions_reopened > 0) AS reopened,
             count(*) FILTER (WHERE returns_to_bot > 0) AS bounced_back,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_first_bot_ms) AS first_bot_reply_p50_ms,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_handover_ms) AS handover_p50_ms
      FROM thread_stats
      GROUP BY day, source_id, language`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW daily_stats`);
    await queryRunner.query(`DROP VIEW thread_stats`);
    await queryRunner.query(`DROP INDEX "stats_timeline_thread_idx"`);
    await queryRunner.query(`DROP TABLE "stats_timeline"`);
    await queryRunner.query(`DROP TABLE "stats_thread_handover"`);
    await queryRunner.query(`DROP INDEX "stats_thread_engage_first_idx"`);
    await queryRunner.query(`DROP INDEX "stats_thread_engage_source_idx"`);
    await queryRunner.query(`DROP TABLE "stats_thread_engage"`);
    await queryRunner.query(`DROP TABLE "stats_thread_bot"`);
    await queryRunner.query(`DROP TABLE "projection_meta"`);
  }
}
