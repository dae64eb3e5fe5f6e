import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Failed agent refreshes in a row and when the last one failed: the next refresh waits for its retry delay. */
export class AddAgentRefreshRetry1796529663668 implements MigrationInterface {
  name = 'AddAgentRefreshRetry1796529663668';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "poll_state" ADD "agent_refresh_failures" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "poll_state" ADD "agent_refresh_failed_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "poll_state" DROP COLUMN "agent_refresh_failed_at"`);
    await queryRunner.query(`ALTER TABLE "poll_state" DROP COLUMN "agent_refresh_failures"`);
  }
}
