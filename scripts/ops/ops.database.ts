import { type OpsScope } from '@handover/event-runtime';
import { DataSource } from 'typeorm';

/**
 * A small pool on the app's database. Every statement of the operations names its schema, so no
 * search_path and no migrations here: the app's own start migrates its schema.
 */
export async function openOpsScope(url: string, app: string, schema: string): Promise<OpsScope> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    applicationName: 'handover-ops',
    synchronize: false,
    logging: false,
    extra: { max: 2 },
  });
  await dataSource.initialize();
  try {
    await assertRuntimeTables(dataSource, app, schema);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return { dataSource, schema };
}

async function assertRuntimeTables(dataSource: DataSource, app: string, schema: string): Promise<void> {
  const [row]: Array<{ effect: string | null; audit: string | null }> = await dataSource.query(
    `SELECT to_regclass($1) AS effect, to_regclass($2) AS audit`,
    [`"${schema}".effect`, `"${schema}".ops_audit`],
  );
  if (row.effect === null) {
    throw new Error(
      `Schema "${schema}" has no runtime tables: is ${app} running with another DATABASE_SCHEMA (pass --schema)?`,
    );
  }
  if (row.audit === null) {
    throw new Error(
      `Schema "${schema}" has no ops_audit table yet: start ${app} once at this version (it runs its migrations)`,
    );
  }
}
