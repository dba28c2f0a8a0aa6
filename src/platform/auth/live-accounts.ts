import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Role } from './authenticated-request.js';

/**
 * The account an access token names, as it is now. A token outlives a deleted account by up to
 * JWT_TTL_SECONDS; without this check its writes would fail on a foreign key instead of 401.
 * And a token outlives a role change: the role it carries is what the account had at login, so
 * authorization reads the role from here instead (the same one query, by primary key).
 */
@Injectable()
export class LiveAccounts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The account's current role, or undefined when the account no longer exists. */
  async roleOf(userId: string): Promise<Role | undefined> {
    const rows: { role: Role }[] = await this.dataSource.query(
      'SELECT role FROM users WHERE id = $1',
      [userId],
    );
    return rows[0]?.role;
  }
}
