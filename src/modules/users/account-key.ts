import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

declare const accountKey: unique symbol;
/** An email in the form the account lookup compares; see {@link AccountKeys}. */
export type AccountKey = string & { readonly [accountKey]: true };

/**
 * Turns a typed email into the key that login limits, the lockout and the account lookup all
 * use: Postgres's `lower()`, the function the unique index on users.email is built on.
 *
 * JavaScript's toLowerCase() is not that function. It maps `İ` (U+0130) to `i̇` (two code points),
 * where Postgres maps it to `i`; it lowercases a final `Σ` to `ς`, Postgres to `σ`; and what
 * Postgres does depends on the database's locale. Counters keyed on the JavaScript form gave
 * `vİctim@…` a fresh budget of guesses at the account of `victim@…`. Taking the key from the
 * database makes it, by construction, one key per account: two emails reach the same account
 * exactly when their keys are equal.
 */
@Injectable()
export class AccountKeys {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(email: string): Promise<AccountKey> {
    const rows: { key: string }[] = await this.dataSource.query('SELECT lower($1::text) AS key', [
      email.trim(),
    ]);
    return rows[0].key as AccountKey;
  }
}
