import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The dashboard's audit trail of emergency switches: who, when, what, outcome (ADR 0010). */
export class CreateDashboardEmergencyAudit1796543166225 implements MigrationInterface {
  name = 'CreateDashboardEmergencyAudit1796543166225';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "dashboard_emergency_audit" ("id" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "supervisor" text NOT NULL, "active" boolean NOT NULL, "source_ids" text array, "reason" text NOT NULL, "outcome" text NOT NULL, "command_id" text, "detail" text, "answered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_dashboard_emergency_audit" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "dashboard_emergency_audit_requested_idx" ON "dashboard_emergency_audit" ("requested_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "dashboard_emergency_audit_requested_idx"`);
    await queryRunner.query(`DROP TABLE "dashboard_emergency_audit"`);
  }
}
