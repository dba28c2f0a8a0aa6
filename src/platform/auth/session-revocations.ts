import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { REDIS } from '../../infra/redis/redis.module.js';
import { acceptedForSeconds } from './token-lifetime.js';

/**
 * Sessions ended before their access tokens expire (logout, a reused refresh token, a password
 * change). Kept in Redis for as long as a token may still be accepted: one access-token lifetime
 * plus the clock tolerance of verification (see token-lifetime.ts). Kept only for the lifetime,
 * a logged-out token came back to life for the last 30 s of that tolerance. While Redis is
 * unreachable the check is skipped: such a token then stays usable until it expires, the same as
 * with no revocation list at all.
 */
@Injectable()
export class SessionRevocations {
  private readonly logger = new Logger(SessionRevocations.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async revoke(...sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    try {
      const pipeline = this.redis.multi();
      const seconds = acceptedForSeconds(this.config.auth.ttlSeconds);
      for (const id of sessionIds) pipeline.set(revocationKey(id), '1', 'EX', seconds);
      await pipeline.exec();
    } catch (error) {
      this.logger.warn(`session revocation not recorded: ${(error as Error).message}`);
    }
  }

  /**
   * Which of these sessions were revoked, in one round trip; undefined while Redis is
   * unreachable (the caller must then ask Postgres).
   */
  async whichRevoked(sessionIds: string[]): Promise<Set<string> | undefined> {
    if (this.redis.status !== 'ready') return undefined;
    if (sessionIds.length === 0) return new Set();
    try {
      const pipeline = this.redis.pipeline();
      for (const id of sessionIds) pipeline.exists(revocationKey(id));
      const results = (await pipeline.exec()) ?? [];
      if (results.some(([error]) => error)) return undefined;
      return new Set(sessionIds.filter((_, index) => results[index][1] === 1));
    } catch {
      return undefined;
    }
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    try {
      return (await this.redis.exists(revocationKey(sessionId))) === 1;
    } catch {
      return false;
    }
  }
}

/** Where a session's revocation is kept (tests read it back). */
export const revocationKey = (sessionId: string) => `revoked-session:${sessionId}`;
