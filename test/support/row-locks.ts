import type pg from 'pg';
import { waitFor } from './wait-for.js';

/**
 * Waits until a statement of another session is blocked on a lock that `holder` holds: the
 * request that runs it is then in flight, mid-query, for as long as the test keeps the lock.
 * pg_locks and pg_blocking_pids() read the lock table live, even inside the holder's transaction.
 */
export function waitForLockWaiter(holder: pg.Client, description: string): Promise<true> {
  return waitFor(
    async () => {
      const { rows } = await holder.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_locks
          WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))`,
      );
      return rows[0].waiting > 0;
    },
    { description },
  );
}
