import { type DataSource } from 'typeorm';

export interface TableDifference {
  table: string;
  /** Rows only in the first schema, then only in the second. */
  onlyInLive: number;
  onlyInRebuilt: number;
}

/** Row-for-row comparison of the same tables in two schemas; empty means identical. */
export async function compareSchemas(
  dataSource: DataSource,
  live: string,
  rebuilt: string,
  tables: readonly string[],
): Promise<TableDifference[]> {
  const differences: TableDifference[] = [];
  for (const table of tables) {
    const count = async (a: string, b: string): Promise<number> => {
      const rows: Array<{ n: string }> = await dataSource.query(
        `SELECT count(*) AS n FROM (SELECT * FROM "${a}"."${table}" EXCEPT ALL SELECT * FROM "${b}"."${table}") d`,
      );
      return Number(rows[0].n);
    };
    const onlyInLive = await count(live, rebuilt);
    const onlyInRebuilt = await count(rebuilt, live);
    if (onlyInLive + onlyInRebuilt > 0) {
      differences.push({ table, onlyInLive, onlyInRebuilt });
    }
  }
  return differences;
}
