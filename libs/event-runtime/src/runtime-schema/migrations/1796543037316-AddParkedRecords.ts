import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Parked records get a durable row saying why (the dead-letter topic keeps their values). */
export class AddParkedRecords1796543037316 implements MigrationInterface {
  name = 'AddParkedRecords1796543037316';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "parked_record" ("consumer" text NOT NULL, "topic" text NOT NULL, "partition" integer NOT NULL, "offset" bigint NOT NULL, "event_id" text, "event_type" text, "record_key" text, "cause" text NOT NULL, "reason" text NOT NULL, "attempts" integer NOT NULL, "value_kept" boolean NOT NULL, "parked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_parked_record" PRIMARY KEY ("consumer", "topic", "partition", "offset"))`,
    );
    await queryRunner.query(`CREATE INDEX "parked_record_age_idx" ON "parked_record" ("parked_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "parked_record"`);
  }
}
