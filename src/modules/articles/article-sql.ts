import type { EntityManager } from 'typeorm';
import type { Sql } from './article-read.queries.js';

/** Runs a parameterised statement on the given manager (a transaction's, or the default one). */
export function runSql<T>(manager: EntityManager, sql: Sql): Promise<T[]> {
  return manager.query(sql.text, sql.values);
}
