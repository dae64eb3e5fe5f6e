import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The poller's own call budget gave way to the platform quota shared by every app (PlatformQuota). */
export class DropPollerCallStarts1796582400001 implements MigrationInterface {
  name = 'DropPollerCallStarts1796582400001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "poll_state" DROP COLUMN "call_starts"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "poll_state" ADD "call_starts" jsonb NOT NULL DEFAULT '[]'`);
  }
}
