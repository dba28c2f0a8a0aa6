import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { SessionRevocations } from '../../../platform/auth/session-revocations.js';
import { UserError } from '../users.errors.js';

/** A refresh token as handed to its owner (once), and the session it belongs to. */
export interface IssuedRefreshToken {
  refreshToken: string;
  sessionId: string;
}

interface StoredToken {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Login sessions as families of refresh tokens. Each refresh uses up the presented token and
 * issues the next; presenting a used token again means it leaked (the legitimate client already
 * has its successor), so the whole family is revoked, and its access tokens with it.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly revocations: SessionRevocations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts a session (a login or a registration). */
  start(userId: string): Promise<IssuedRefreshToken> {
    return this.issue(this.dataSource.manager, userId, randomUUID());
  }

  /** Exchanges a refresh token for its successor: `userId` and the next token, or 401. */
  async rotate(refreshToken: string): Promise<IssuedRefreshToken & { userId: string }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const [token]: StoredToken[] = await manager.query(
        `SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens
         WHERE token_hash = $1 FOR UPDATE`,
        [hash(refreshToken)],
      );
      if (!token || token.revoked_at || token.expires_at.getTime() <= Date.now()) {
        return { kind: 'invalid' as const };
      }
      if (token.used_at) {
        await this.revokeFamilies(manager, [token.family_id]);
        return { kind: 'reused' as const, familyId: token.family_id };
      }
      await manager.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [token.id]);
      const next = await this.issue(manager, token.user_id, token.family_id);
      return { kind: 'rotated' as const, ...next, userId: token.user_id };
    });
    if (outcome.kind === 'reused') {
      // Committed before answering: the revocation must survive the 401.
      await this.revocations.revoke(outcome.familyId);
      throw UserError.refreshTokenReused();
    }
    if (outcome.kind === 'invalid') throw UserError.refreshTokenInvalid();
    return outcome;
  }

  /** Logout: ends the session the refresh token belongs to; unknown tokens change nothing. */
  async endByToken(refreshToken: string): Promise<void> {
    const rows: { family_id: string }[] = await this.dataSource.query(
      'SELECT family_id FROM refresh_tokens WHERE token_hash = $1',
      [hash(refreshToken)],
    );
    await this.end(rows.map((row) => row.family_id));
  }

  /** Ends sessions by id (an access token's `sid`). */
  async end(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.revokeFamilies(this.dataSource.manager, sessionIds);
    await this.revocations.revoke(...sessionIds);
  }

  /** After a password change: every session of the user but `keep` ends. */
  async endAllExcept(userId: string, keep: string): Promise<void> {
    const rows: { family_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT family_id FROM refresh_tokens
       WHERE user_id = $1 AND family_id <> $2 AND revoked_at IS NULL`,
      [userId, keep],
    );
    await this.end(rows.map((row) => row.family_id));
  }

  private async issue(
    manager: EntityManager,
    userId: string,
    sessionId: string,
  ): Promise<IssuedRefreshToken> {
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
      [userId, sessionId, hash(refreshToken), this.config.auth.refreshTtlDays],
    );
    return { refreshToken, sessionId };
  }

  private async revokeFamilies(manager: EntityManager, familyIds: string[]): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE family_id = ANY($1::uuid[]) AND revoked_at IS NULL`,
      [familyIds],
    );
  }
}
