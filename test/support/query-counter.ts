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

/** The token check's lookup of the caller's account and role: once per authenticated request. */
export const ACCOUNT_CHECK_SQL =
  'SELECT role, email, username, bio, image FROM users WHERE id = $1';

/** The statements of a request besides the account check, which must appear exactly once. */
export function besidesAccountCheck(sql: string[]): string[] {
  const others = sql.filter((statement) => statement !== ACCOUNT_CHECK_SQL);
  if (sql.length - others.length !== 1) {
    throw new Error(`expected one account check, got ${sql.length - others.length}`);
  }
  return others;
}
