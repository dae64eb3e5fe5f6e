import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class AddBotAsks1796620000000 implements MigrationInterface {
  name = 'AddBotAsks1796620000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bot_ask" ("thread_id" text NOT NULL, "turn_id" text NOT NULL, "asked" jsonb NOT NULL, "waiting" jsonb NOT NULL DEFAULT '[]', "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bot_ask" PRIMARY KEY ("thread_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "bot_ask"`);
  }
}
