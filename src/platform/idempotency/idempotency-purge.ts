import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

const BATCH = 5_000;

/** Deletes Idempotency-Key records older than the retry window, in bounded batches. */
@Injectable()
export class IdempotencyPurge {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Returns how many records were deleted. */
  async purgeOlderThan(hours: number): Promise<number> {
    let total = 0;
    for (;;) {
      // Small batches keep each delete short, so it never holds locks a request waits on.
      const [{ deleted }]: { deleted: number }[] = await this.dataSource.query(
        `WITH old AS (
           SELECT user_id, key FROM idempotency_keys
           WHERE created_at < now() - make_interval(hours => $1) LIMIT $2
         ), gone AS (
           DELETE FROM idempotency_keys k USING old
           WHERE k.user_id = old.user_id AND k.key = old.key RETURNING 1
         )
         SELECT count(*)::int AS deleted FROM gone`,
        [hours, BATCH],
      );
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
