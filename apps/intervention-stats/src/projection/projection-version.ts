import { Logger } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { PROJECTION_TABLES, PROJECTION_VERSION, ROLLUP_TABLES } from '.';

const NAME = 'intervention-stats';

/**
 * A projection built under other metric definitions is emptied, so it is rebuilt from offset 0
 * (the consumer group carries the version, so its checkpoints start from nothing too).
 */
export async function ensureProjectionVersion(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query('LOCK TABLE projection_meta IN EXCLUSIVE MODE');
    const rows: Array<{ version: number }> = await manager.query(
      'SELECT version FROM projection_meta WHERE name = $1',
      [NAME],
    );
    const stored = rows[0]?.version;
    if (stored === PROJECTION_VERSION) {
      return;
    }
    if (stored !== undefined) {
      new Logger('ProjectionVersion').warn(
        `Projection built with definitions v${stored}, now v${PROJECTION_VERSION}: emptied, rebuilding from the log`,
      );
      await manager.query(`TRUNCATE ${[...PROJECTION_TABLES, ...ROLLUP_TABLES].join(', ')}`);
    }
    await manager.query(
      `INSERT INTO projection_meta (name, version) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET version = excluded.version`,
      [NAME, PROJECTION_VERSION],
    );
  });
}

export function versionedGroupId(groupId: string): string {
  return `${groupId}-v${PROJECTION_VERSION}`;
}
