import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class FollowPlatformTruth1796531000000 implements MigrationInterface {
  name = 'FollowPlatformTruth1796531000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "thread_facts" ADD "last_customer_reply" jsonb`);
    await queryRunner.query(`ALTER TABLE "thread_route" ADD "noticed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "source_availability" ADD "channel_id" text`);
    await queryRunner.query(
      `CREATE TABLE "thread_recategorization" ("thread_id" text NOT NULL, "category_ids" text array NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_thread_recategorization" PRIMARY KEY ("thread_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "emergency_source_default" ("source_id" text NOT NULL, "category_ids_before" text array NOT NULL, "command_id" text NOT NULL, "set_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_emergency_source_default" PRIMARY KEY ("source_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "emergency_source_default"`);
    await queryRunner.query(`DROP TABLE "thread_recategorization"`);
    await queryRunner.query(`ALTER TABLE "source_availability" DROP COLUMN "channel_id"`);
    await queryRunner.query(`ALTER TABLE "thread_route" DROP COLUMN "noticed_at"`);
    await queryRunner.query(`ALTER TABLE "thread_facts" DROP COLUMN "last_customer_reply"`);
  }
}
