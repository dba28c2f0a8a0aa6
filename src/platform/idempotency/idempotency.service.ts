import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { IdempotencyError } from './idempotency.errors.js';

export interface IdempotentRequest {
  userId: string;
  /** The Idempotency-Key header, or undefined when the client sent none. */
  key: string | undefined;
  /** Names the operation, so one key cannot replay another endpoint's answer. */
  scope: string;
  /** What makes two requests "the same": the validated body, typically. */
  payload: unknown;
}

export interface IdempotentResult<T> {
  value: T;
  replayed: boolean;
}

const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Runs a creating operation at most once per (user, Idempotency-Key). The key is claimed in the
 * same transaction as the operation's writes, so either both commit or neither does; a
 * concurrent retry waits on the claimed row and then replays the stored answer.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(
    request: IdempotentRequest,
    operation: (manager: EntityManager) => Promise<T>,
  ): Promise<IdempotentResult<T>> {
    if (request.key === undefined) {
      return { value: await this.dataSource.transaction(operation), replayed: false };
    }
    const key = request.key;
    if (!VALID_KEY.test(key)) throw IdempotencyError.invalidKey();
    const hash = fingerprint(request.scope, request.payload);
    return this.dataSource.transaction(async (manager) => {
      const claimed: unknown[] = await manager.query(
        `INSERT INTO idempotency_keys (user_id, key, scope, request_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING 1`,
        [request.userId, key, request.scope, hash],
      );
      if (claimed.length === 0) return this.replay<T>(manager, request.userId, key, hash);
      const value = await operation(manager);
      await manager.query(
        'UPDATE idempotency_keys SET status = 200, response = $3 WHERE user_id = $1 AND key = $2',
        [request.userId, key, JSON.stringify(value)],
      );
      return { value, replayed: false };
    });
  }

  private async replay<T>(
    manager: EntityManager,
    userId: string,
    key: string,
    hash: string,
  ): Promise<IdempotentResult<T>> {
    const [stored]: { request_hash: string; response: T }[] = await manager.query(
      'SELECT request_hash, response FROM idempotency_keys WHERE user_id = $1 AND key = $2',
      [userId, key],
    );
    if (!stored || stored.request_hash !== hash) throw IdempotencyError.keyReused();
    return { value: stored.response, replayed: true };
  }
}

function fingerprint(scope: string, payload: unknown): string {
  return createHash('sha256')
    .update(scope)
    .update('\0')
    .update(canonicalJson(payload))
    .digest('hex');
}

/** JSON with object keys sorted, so the same body with its keys reordered is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
