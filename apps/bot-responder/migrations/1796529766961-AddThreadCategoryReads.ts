import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class AddThreadCategoryReads1796529766961 implements MigrationInterface {
  name = 'AddThreadCategoryReads1796529766961';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bot_thread" ADD "categories_at" text`);
    await queryRunner.query(`ALTER TABLE "bot_thread" ADD "categories_stale_at" text`);
    // Facts recorded before this version carried their categories with them (the simulator and
    // the walkthrough always sent category_ids): their last fact is when they were observed.
    await queryRunner.query(
      `UPDATE "bot_thread" SET "categories_at" = "last_fact_at" WHERE cardinality("category_ids") > 0`,
    );
    await queryRunner.query(`ALTER TABLE "bot_thread_turns" ADD "read_category_ids" text array`);
    await queryRunner.query(`ALTER TABLE "bot_thread_turns" ADD "read_at" text`);
    await queryRunner.query(`ALTER TABLE "bot_thread_turns" ADD "read_left_bot_at" text`);
    await queryRunner.query(`ALTER TABLE "bot_thread_routing" ADD "moved_at" text`);
    await queryRunner.query(
      `CREATE TABLE "bot_pending_turn" ("content_id" text NOT NULL, "thread_id" text NOT NULL, "fact" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bot_pending_turn" PRIMARY KEY ("content_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "bot_pending_turn_thread_idx" ON "bot_pending_turn" ("thread_id")`);
    await queryRunner.query(
      `CREATE TABLE "bot_own_identity" ("identity_id" text NOT NULL, "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bot_own_identity" PRIMARY KEY ("identity_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "bot_own_identity"`);
    await queryRunner.query(`DROP INDEX "bot_pending_turn_thread_idx"`);
    await queryRunner.query(`DROP TABLE "bot_pending_turn"`);
    await queryRunner.query(`ALTER TABLE "bot_thread_routing" DROP COLUMN "moved_at"`);
    await queryRunner.query(`ALTER TABLE "bot_thread_turns" DROP COLUMN "read_left_bot_at"`);
    await queryRunner.query(`ALTER TABLE "bot_thread_turns" DROP COLUMN "read_at"`);
    await queryRunner.query(`ALTER TABLE "bot_thread_turns" DROP COLUMN "read_category_ids"`);
    await queryRunner.query(`ALTER TABLE "bot_thread" DROP COLUMN "categories_stale_at"`);
    await queryRunner.query(`ALTER TABLE "bot_thread" DROP COLUMN "categories_at"`);
  }
}
