import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateBotThreadRouting1795485584715 implements MigrationInterface {
  name = 'CreateBotThreadRouting1795485584715';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bot_thread_routing" ("thread_id" text NOT NULL, "returned_to_bot_at" text, CONSTRAINT "PK_bot_thread_routing" PRIMARY KEY ("thread_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "bot_thread_routing"`);
  }
}
