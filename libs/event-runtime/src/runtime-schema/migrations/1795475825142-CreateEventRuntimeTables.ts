import { type MigrationInterface, type QueryRunner } from 'typeorm';

// Unqualified names: each app runs this in its own schema (search_path), and replay in a fresh one.

export class CreateEventRuntimeTables1795475825142 implements MigrationInterface {
  name = 'CreateEventRuntimeTables1795475825142';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "consumer_checkpoint" ("consumer" text NOT NULL, "topic" text NOT NULL, "partition" integer NOT NULL, "next_offset" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5ef45d54a107985f79780f9c3bb" PRIMARY KEY ("consumer", "topic", "partition"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "effect" ("id" text NOT NULL, "seq" BIGSERIAL NOT NULL, "kind" text NOT NULL, "sequence_key" text NOT NULL, "payload" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "outcome_unknown" boolean NOT NULL DEFAULT false, "last_error" text, "result" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d9f2bcb19b53f7f26e0b7c484e4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "effect_sequence_idx" ON "effect" ("sequence_key", "seq") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "effect_due_idx" ON "effect" ("next_attempt_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "effect_pending_seq_idx" ON "effect" ("seq") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox_message" ("id" BIGSERIAL NOT NULL, "topic" text NOT NULL, "key" text NOT NULL, "value" text NOT NULL, "headers" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_message_unsent_idx" ON "outbox_message" ("id") WHERE sent_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "processed_event" ("consumer" text NOT NULL, "event_id" text NOT NULL, "topic" text NOT NULL, "partition" integer NOT NULL, "offset" bigint NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_df88f54e67ec5c5caece922a498" PRIMARY KEY ("consumer", "event_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "processed_event"`);
    await queryRunner.query(`DROP INDEX "outbox_message_unsent_idx"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
    await queryRunner.query(`DROP INDEX "effect_pending_seq_idx"`);
    await queryRunner.query(`DROP INDEX "effect_due_idx"`);
    await queryRunner.query(`DROP INDEX "effect_sequence_idx"`);
    await queryRunner.query(`DROP TABLE "effect"`);
    await queryRunner.query(`DROP TABLE "consumer_checkpoint"`);
  }
}
