import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Which share of the platform quota an effect may spend: `high` (replies, handovers) any of it,
 * `low` (emergency batches) only while the reserve for high-priority calls stays free.
 */
export class AddEffectPriority1796582400000 implements MigrationInterface {
  name = 'AddEffectPriority1796582400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "effect" ADD "priority" text NOT NULL DEFAULT 'high'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "effect" DROP COLUMN "priority"`);
  }
}
