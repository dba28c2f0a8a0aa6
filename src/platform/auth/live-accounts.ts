import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * Whether the account an access token names still exists. A token outlives a deleted account by
 * up to JWT_TTL_SECONDS; without this check its writes would fail on a foreign key instead of 401.
 */
@Injectable()
export class LiveAccounts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async exists(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM users WHERE id = $1', [
      userId,
    ]);
    return rows.length > 0;
  }
}
