import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What operators did to the runtime tables (`npm run ops`): one row per retry or discard, written
 * in the transaction that made the change. A parked record's own state (discarded, retried) is read
 * from here, so the parked_record table keeps the consumer's shape.
 */
export class AddOpsAudit1796576254080 implements MigrationInterface {
  name = 'AddOpsAudit1796576254080';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ops_audit" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor" text NOT NULL, "action" text NOT NULL, "target_kind" text NOT NULL, "target_id" text NOT NULL, "reason" text NOT NULL, "before" jsonb, "after" jsonb, CONSTRAINT "PK_ops_audit" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ops_audit_target_idx" ON "ops_audit" ("target_kind", "target_id", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "ops_audit"`);
  }
}
