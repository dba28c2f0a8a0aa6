import { performance } from 'node:perf_hooks';
import type { Pool, PoolClient } from 'pg';
import type { Metrics } from './metrics.js';

/** Statement kinds the service sends; anything else is _OTHER, so SQL text never becomes a label. */
const OPERATIONS = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'WITH',
  'BEGIN',
  'START',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'RELEASE',
  'SET',
  'SHOW',
  'LOCK',
]);
const FIRST_WORD = /^\s*([A-Za-z]+)/;

export function operationName(text: unknown): string {
  const sql = typeof text === 'string' ? text : (text as { text?: unknown } | null)?.text;
  if (typeof sql !== 'string') return '_OTHER';
  const word = FIRST_WORD.exec(sql)?.[1]?.toUpperCase();
  return word && OPERATIONS.has(word) ? word : '_OTHER';
}

type Query = (...args: unknown[]) => unknown;

/**
 * Times every promise-returning query of one pool connection (pg-pool's `onConnect` hook runs
 * this once per physical connection). Queries given a callback or a stream pass through untimed:
 * the service sends none.
 */
export function timeQueries(client: PoolClient, metrics: Metrics): void {
  if (!metrics.enabled) return;
  const duration = metrics.histogram('dbOperationDuration');
  const query = client.query.bind(client) as Query;
  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const start = performance.now();
    const result = query(...args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      const labels = { db_system_name: 'postgresql', db_operation_name: operationName(args[0]) };
      const done = () => duration.observe(labels, (performance.now() - start) / 1000);
      (result as Promise<unknown>).then(done, done);
    }
    return result;
  };
}

/** Pool occupancy, read at scrape time. */
export function recordPoolMetrics(metrics: Metrics, pool: Pool, poolName: string): void {
  metrics.onCollect(() => {
    const name = { db_client_connection_pool_name: poolName };
    const connections = metrics.gauge('dbConnections');
    connections.set({ ...name, db_client_connection_state: 'idle' }, pool.idleCount);
    connections.set(
      { ...name, db_client_connection_state: 'used' },
      pool.totalCount - pool.idleCount,
    );
    metrics.gauge('dbPendingRequests').set(name, pool.waitingCount);
  });
}
