import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * stats_timeline keyed by (thread, event id): one index where there were two (the event id's, and
 * the thread's for the timeline). A record is applied once through this key (StatsRepository).
 */
export class KeyTimelineByThread1795495241049 implements MigrationInterface {
  name = 'KeyTimelineByThread1795495241049';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Projection v4 rebuilds every table from the log on this same start (ensureProjectionVersion):
    // emptied now, the new key is not built over rows about to be deleted.
    await queryRunner.query(`TRUNCATE "stats_timeline"`);
    await queryRunner.query(`DROP INDEX "stats_timeline_thread_idx"`);
    await queryRunner.query(`ALTER TABLE "stats_timeline" DROP CONSTRAINT "PK_28924b10368a2b31c31b26374dd"`);
    await queryRunner.query(
      `ALTER TABLE "stats_timeline" ADD CONSTRAINT "PK_cf0672abe07b7867b3f03aa96f0" PRIMARY KEY ("thread_id", "event_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stats_timeline" DROP CONSTRAINT "PK_cf0672abe07b7867b3f03aa96f0"`);
    await queryRunner.query(
      `ALTER TABLE "stats_timeline" ADD CONSTRAINT "PK_28924b10368a2b31c31b26374dd" PRIMARY KEY ("event_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "stats_timeline_thread_idx" ON "stats_timeline" ("thread_id", "at") `,
    );
  }
}
