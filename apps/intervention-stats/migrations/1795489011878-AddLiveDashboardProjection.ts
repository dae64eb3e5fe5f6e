import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The dashboard's live state: availability per source (availability.events.v1) and the emergency
 * switches (emergency.* on handover.events.v1), and indexes to find the threads active lately.
 */
export class AddLiveDashboardProjection1795489011878 implements MigrationInterface {
  name = 'AddLiveDashboardProjection1795489011878';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "stats_source_availability" ("source_id" text NOT NULL, "channel_id" text NOT NULL, "available_agents" integer NOT NULL, "agent_ids" text array NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "event_id" text NOT NULL, CONSTRAINT "PK_d38da1150ab5de56e34ef06f4e3" PRIMARY KEY ("source_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "stats_emergency" ("event_id" text NOT NULL, "command_id" text NOT NULL, "active" boolean NOT NULL, "source_ids" text array, "reason" text NOT NULL, "actor" text NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "threads_in_scope" integer NOT NULL, CONSTRAINT "PK_2061bd4e0bd3a63c46a0fc6a6ad" PRIMARY KEY ("event_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_emergency_occurred_idx" ON "stats_emergency" ("occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_thread_engage_last_idx" ON "stats_thread_engage" ("last_customer_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_thread_handover_route_at_idx" ON "stats_thread_handover" ("route_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "stats_thread_handover_route_at_idx"`);
    await queryRunner.query(`DROP INDEX "stats_thread_engage_last_idx"`);
    await queryRunner.query(`DROP INDEX "stats_emergency_occurred_idx"`);
    await queryRunner.query(`DROP TABLE "stats_emergency"`);
    await queryRunner.query(`DROP TABLE "stats_source_availability"`);
  }
}
