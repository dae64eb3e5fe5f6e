/** A rollup kept per UTC day by the refresher, and read back (or computed live) by the analytics queries. */
export interface RollupDefinition {
  /** Where the day rows are stored. */
  readonly table: string;
  /** Its columns, `day` first, as the computed rows name them. */
  readonly columns: readonly string[];
  /** The instant that places a row on its day (a column of the views rowsSql reads). */
  readonly timeColumn: string;
  /** The columns a query may filter on (null: any), in parameter order from $1. */
  readonly filterColumns: readonly string[];
  /** The one definition of its rows: those of the views matching `where`, grouped per day and key. */
  rowsSql(where: string): string;
}

/** `(col1 = $1 or any) AND …` over the definition's filter columns. */
export function filterSql(definition: RollupDefinition): string {
  return definition.filterColumns
    .map((column, index) => `($${index + 1}::text IS NULL OR ${column} = $${index + 1})`)
    .join(' AND ');
}
