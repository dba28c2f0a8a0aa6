import type pg from 'pg';

/** A column: its name, the Postgres type of its values, and how to read one from a row. */
export interface Column<Row> {
  name: string;
  type: string;
  value: (row: Row) => unknown;
}

export interface TableSpec<Row> {
  table: string;
  columns: ReadonlyArray<Column<Row>>;
}

/** Big enough to amortise round trips, small enough to keep each statement's parameters modest. */
export const CHUNK_SIZE = 5_000;

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** INSERT ... SELECT * FROM unnest($1::uuid[], $2::text[], ...): one array per column. */
export function insertSql<Row>({ table, columns }: TableSpec<Row>): string {
  const names = columns.map((column) => quote(column.name)).join(', ');
  const arrays = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
  return `INSERT INTO ${quote(table)} (${names}) SELECT * FROM unnest(${arrays})`;
}

/** Inserts `rows` in chunks of {@link CHUNK_SIZE}, one statement each; returns the row count. */
export async function bulkInsert<Row>(
  client: pg.ClientBase,
  spec: TableSpec<Row>,
  rows: readonly Row[],
  chunkSize = CHUNK_SIZE,
): Promise<number> {
  // A named statement is parsed and planned once, however many chunks follow.
  const statement = { name: `seed-${spec.table}`, text: insertSql(spec) };
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const values = spec.columns.map((column) => chunk.map(column.value));
    await client.query({ ...statement, values });
  }
  return rows.length;
}
