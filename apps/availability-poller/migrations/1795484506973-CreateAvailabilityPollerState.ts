import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAvailabilityPollerState1795484506973 implements MigrationInterface {
  name = 'CreateAvailabilityPollerState1795484506973';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agent_cache" ("user_id" text NOT NULL, "via_category" boolean NOT NULL, "via_team" boolean NOT NULL, CONSTRAINT "PK_03e04f143768e5f796d74f05475" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "poll_state" ("id" smallint NOT NULL, "last_polled_at" TIMESTAMP WITH TIME ZONE, "backoff_until" TIMESTAMP WITH TIME ZONE, "rate_limited_streak" integer NOT NULL DEFAULT '0', "call_starts" jsonb NOT NULL DEFAULT '[]', "agents_refreshed_at" TIMESTAMP WITH TIME ZONE, "agents_filter" text, "agent_user_pages" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_de51ccb5b44a0d3f3a5f9807186" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "source_availability" ("source_id" text NOT NULL, "channel_id" text NOT NULL, "agent_ids" text array NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "snapshot_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_621302a09201a23970e83209086" PRIMARY KEY ("source_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "source_channel" ("source_id" text NOT NULL, "channel_id" text NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f334f101e0853a817f59544409f" PRIMARY KEY ("source_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "source_channel"`);
    await queryRunner.query(`DROP TABLE "source_availability"`);
    await queryRunner.query(`DROP TABLE "poll_state"`);
    await queryRunner.query(`DROP TABLE "agent_cache"`);
  }
}
