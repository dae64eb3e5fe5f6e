import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateHandoverProjection1795484653926 implements MigrationInterface {
  name = 'CreateHandoverProjection1795484653926';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "emergency_switch" ("command_id" text NOT NULL, "active" boolean NOT NULL, "source_ids" text array, "reason" text NOT NULL, "actor" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f29b35dbe5800d42b2b5b1ec000" PRIMARY KEY ("command_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "source_availability" ("source_id" text NOT NULL, "available_agents" integer NOT NULL, "agent_ids" text array NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_621302a09201a23970e83209086" PRIMARY KEY ("source_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "thread_facts" ("thread_id" text NOT NULL, "source_id" text, "category_ids" text array, "facts_at" TIMESTAMP WITH TIME ZONE, "intervention_id" text, "language" text, "last_customer_content_id" text, "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_cc7ead181c8bc5c736009a43737" PRIMARY KEY ("thread_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "thread_facts_activity_idx" ON "thread_facts" ("last_activity_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "thread_route" ("thread_id" text NOT NULL, "source_id" text, "route" text NOT NULL, "sent_category_ids" text array, "sent_at" TIMESTAMP WITH TIME ZONE, "waiting_since" TIMESTAMP WITH TIME ZONE, "request" jsonb, "handover_times" jsonb NOT NULL DEFAULT '[]', "last_handover_at" TIMESTAMP WITH TIME ZONE, "closed" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_dfa3a3675348876b8c339cb6f00" PRIMARY KEY ("thread_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "thread_route_handover_idx" ON "thread_route" ("source_id", "last_handover_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "thread_route_waiting_idx" ON "thread_route" ("source_id", "waiting_since") WHERE route = 'WAITING'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "thread_route_waiting_idx"`);
    await queryRunner.query(`DROP INDEX "thread_route_handover_idx"`);
    await queryRunner.query(`DROP TABLE "thread_route"`);
    await queryRunner.query(`DROP INDEX "thread_facts_activity_idx"`);
    await queryRunner.query(`DROP TABLE "thread_facts"`);
    await queryRunner.query(`DROP TABLE "source_availability"`);
    await queryRunner.query(`DROP TABLE "emergency_switch"`);
  }
}
