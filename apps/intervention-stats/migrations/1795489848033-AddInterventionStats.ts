import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** One row per intervention, and the documented view over it (docs/metrics.md, "Interventions"). */
export class AddInterventionStats1795489848033 implements MigrationInterface {
  name = 'AddInterventionStats1795489848033';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "stats_intervention" ("intervention_id" text NOT NULL, "thread_id" text NOT NULL, "source_id" text, "opened_at" TIMESTAMP WITH TIME ZONE, "opened_by" text, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" text, "closes" integer NOT NULL DEFAULT '0', "reopens" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_001b984f63e1cfc10e420acc687" PRIMARY KEY ("intervention_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_intervention_opened_idx" ON "stats_intervention" ("opened_at")`,
    );
    await queryRunner.query(`
      CREATE VIEW interventions AS
      SELECT intervention_id, thread_id, source_id, opened_at, opened_by, closed_at, closed_by, closes, reopens,
             CASE WHEN closed_at IS NOT NULL AND opened_at IS NOT NULL
                  THEN EXTRACT(EPOCH FROM (closed_at - opened_at)) * 1000 END AS duration_ms
      FROM stats_intervention`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW interventions`);
    await queryRunner.query(`DROP INDEX "stats_intervention_opened_idx"`);
    await queryRunner.query(`DROP TABLE "stats_intervention"`);
  }
}
