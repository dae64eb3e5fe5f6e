import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateBotResponderProjection1795480024048 implements MigrationInterface {
  name = 'CreateBotResponderProjection1795480024048';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bot_decision" ("content_id" text NOT NULL, "thread_id" text NOT NULL, "kind" text NOT NULL, "intent" text, "reason" text, "text" text, "language" text NOT NULL, "occurred_at" text NOT NULL, CONSTRAINT "PK_1185724f1ec753933cfe105cac1" PRIMARY KEY ("content_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "bot_thread" ("thread_id" text NOT NULL, "source_id" text, "category_ids" text array NOT NULL DEFAULT '{}', "intervention_id" text, "owner_user_id" text, "left_bot_at" text, "last_customer_content_id" text, "last_fact_at" text, "customer_lines" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_8537552ce651515102d79d8b17e" PRIMARY KEY ("thread_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "bot_thread_turns" ("thread_id" text NOT NULL, "bot_turns" integer NOT NULL DEFAULT '0', "consecutive_fallbacks" integer NOT NULL DEFAULT '0', "handover_requested_at" text, "bot_lines" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_0faac4e03bcb1245d15b24f3ea0" PRIMARY KEY ("thread_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "emergency_switch" ("command_id" text NOT NULL, "active" boolean NOT NULL, "source_ids" text array, "issued_at" text NOT NULL, CONSTRAINT "PK_f29b35dbe5800d42b2b5b1ec000" PRIMARY KEY ("command_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "emergency_switch"`);
    await queryRunner.query(`DROP TABLE "bot_thread_turns"`);
    await queryRunner.query(`DROP TABLE "bot_thread"`);
    await queryRunner.query(`DROP TABLE "bot_decision"`);
  }
}
