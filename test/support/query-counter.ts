import { jest } from '@jest/globals';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';

/** Counts the SQL statements TypeORM sends to Postgres while `work` runs. */
export async function countQueries(
  work: () => Promise<unknown>,
): Promise<{ count: number; sql: string[] }> {
  const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
  try {
    spy.mockClear();
    await work();
    const sql = spy.mock.calls.map(([text]) => String(text).replace(/\s+/g, ' ').trim());
    return { count: sql.length, sql };
  } finally {
    spy.mockRestore();
  }
}
