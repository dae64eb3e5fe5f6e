import { type DataSource } from 'typeorm';

/** One app's runtime tables: the data source and the schema every statement names its tables in. */
export interface OpsScope {
  readonly dataSource: DataSource;
  readonly schema: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** `"schema"."table"`: operators' statements never depend on the connection's search_path. */
export function qualified(scope: OpsScope, table: string): string {
  if (!SCHEMA_NAME.test(scope.schema)) {
    throw new Error(`Invalid schema name "${scope.schema}"`);
  }
  return `"${scope.schema}"."${table}"`;
}
