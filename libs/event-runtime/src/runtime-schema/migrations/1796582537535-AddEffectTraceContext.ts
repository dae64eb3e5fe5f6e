import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The trace an effect was recorded in (W3C traceparent and tracestate), so the worker's call is
 * traced beneath the record that decided it, however much later it runs. Null when tracing is
 * off. Outbox rows need no column: their headers (jsonb) carry the same two values.
 */
export class AddEffectTraceContext1796582537535 implements MigrationInterface {
  name = 'AddEffectTraceContext1796582537535';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "effect" ADD "trace_parent" text`);
    await queryRunner.query(`ALTER TABLE "effect" ADD "trace_state" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "effect" DROP COLUMN "trace_state"`);
    await queryRunner.query(`ALTER TABLE "effect" DROP COLUMN "trace_parent"`);
  }
}
