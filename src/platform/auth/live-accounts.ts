import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Role } from './authenticated-request.js';

/** The account as read when the request was authenticated: what `GET /api/user` shows. */
export interface LiveAccount {
  role: Role;
  email: string;
  username: string;
  bio: string;
  image: string;
}

/**
 * The account an access token names, as it is now. A token outlives a deleted account by up to
 * JWT_TTL_SECONDS; without this check its writes would fail on a foreign key instead of 401.
 * And a token outlives a role change: the role it carries is what the account had at login, so
 * authorization reads the role from here instead (the same one query, by primary key).
 */
@Injectable()
export class LiveAccounts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The account's current role and public fields, or undefined when it no longer exists. The
   * fields come with the same primary-key read, so that `GET /api/user` needs no second query
   * (bench/README.md: the Postgres client was a third of that request's CPU).
   */
  async find(userId: string): Promise<LiveAccount | undefined> {
    const rows: LiveAccount[] = await this.dataSource.query(
      'SELECT role, email, username, bio, image FROM users WHERE id = $1',
      [userId],
    );
    return rows[0];
  }
}
