import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The time series of GET /analytics/timeseries (projection v6): counts and waiting-queue changes per
 * minute and per day, availability per minute and per day, and what a thread's wait counts under.
 * Filled by the rebuild from the log that v6 starts (ensureProjectionVersion): no backfill here.
 */
export class AddTimeSeriesProjection1796592992274 implements MigrationInterface {
  name = 'AddTimeSeriesProjection1796592992274';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "stats_series_minute" ("at" TIMESTAMP WITH TIME ZONE NOT NULL, "source_id" text NOT NULL, "language" text NOT NULL, "handover_requests" integer NOT NULL, "bot_replies" integer NOT NULL, "waiting_change" integer NOT NULL, CONSTRAINT "PK_3d527680fa769b5eb0e84370456" PRIMARY KEY ("at", "source_id", "language"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "stats_series_day" ("day" date NOT NULL, "source_id" text NOT NULL, "language" text NOT NULL, "handover_requests" integer NOT NULL, "bot_replies" integer NOT NULL, "waiting_change" integer NOT NULL, CONSTRAINT "PK_3e8c5129999dbcc6d65466f7f2e" PRIMARY KEY ("day", "source_id", "language"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "stats_availability_minute" ("source_id" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "available_agents" integer NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "event_id" text NOT NULL, CONSTRAINT "PK_a2693b1470d5803eaf68f8cbb20" PRIMARY KEY ("source_id", "at"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "stats_availability_day" ("source_id" text NOT NULL, "day" date NOT NULL, "available_agents" integer NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "event_id" text NOT NULL, CONSTRAINT "PK_e47f39d960bb66d88243f8a1ac6" PRIMARY KEY ("source_id", "day"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_availability_minute_at_idx" ON "stats_availability_minute" ("at") `,
    );
    await queryRunner.query(`ALTER TABLE "stats_thread_handover" ADD "waiting_source_id" text`);
    await queryRunner.query(`ALTER TABLE "stats_thread_handover" ADD "waiting_language" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stats_thread_handover" DROP COLUMN "waiting_language"`);
    await queryRunner.query(`ALTER TABLE "stats_thread_handover" DROP COLUMN "waiting_source_id"`);
    await queryRunner.query(`DROP TABLE "stats_availability_day"`);
    await queryRunner.query(`DROP INDEX "stats_availability_minute_at_idx"`);
    await queryRunner.query(`DROP TABLE "stats_availability_minute"`);
    await queryRunner.query(`DROP TABLE "stats_series_day"`);
    await queryRunner.query(`DROP TABLE "stats_series_minute"`);
  }
}
