import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AccountGoneError, AuthenticationRequiredError } from './auth.errors.js';
import type { Principal, Role } from './authenticated-request.js';
import { tokenFromAuthorizationHeader } from './authorization-header.js';
import { LiveAccounts } from './live-accounts.js';
import { SessionRevocations } from './session-revocations.js';
import { CLOCK_TOLERANCE_SECONDS } from './token-lifetime.js';

/** The claims this service puts in, and trusts from, an access token. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  sid: string;
}

const ALGORITHM = 'HS256';
const ROLES: readonly string[] = ['user', 'admin'];
// User and session ids are uuids; anything else would reach Postgres as a malformed uuid.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Signs and verifies access tokens: HS256 only, issuer, audience, expiry and issue time checked,
 * and the signing key named by `kid`, so a key can be rotated without logging everyone out
 * (add the new key, sign with it, drop the old one after one token lifetime).
 */
@Injectable()
export class TokenService {
  // KeyObjects built once: given a string, jsonwebtoken rebuilds (and first tries to parse it
  // as a public key) on every call, which showed up as 6% of CPU under load.
  private readonly keys: Map<string, KeyObject>;
  private readonly signingKey: KeyObject;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly revocations: SessionRevocations,
    private readonly accounts: LiveAccounts,
  ) {
    this.keys = new Map(
      config.auth.keys.map(({ id, secret }) => [id, createSecretKey(Buffer.from(secret, 'utf8'))]),
    );
    this.signingKey = this.keys.get(config.auth.signingKeyId) as KeyObject;
  }

  sign(claims: { userId: string; role: Role; sessionId: string }): string {
    const { issuer, audience, ttlSeconds, signingKeyId } = this.config.auth;
    return jwt.sign({ role: claims.role, sid: claims.sessionId }, this.signingKey, {
      algorithm: ALGORITHM,
      keyid: signingKeyId,
      // Unique per token, so two tokens issued in the same second still differ.
      jwtid: randomUUID(),
      subject: claims.userId,
      issuer,
      audience,
      expiresIn: ttlSeconds,
    });
  }

  /**
   * The caller named by an Authorization header; undefined when there is no header and it is
   * optional. A missing required header, a header without a valid token, a token of an ended
   * session, or one whose account was deleted, is 401.
   */
  async authenticate(
    header: string | undefined,
    required: boolean,
  ): Promise<Principal | undefined> {
    if (!header && !required) return undefined;
    const token = tokenFromAuthorizationHeader(header);
    const claims = token ? this.verify(token) : undefined;
    if (!token || !claims) throw new AuthenticationRequiredError();
    const [revoked, account] = await Promise.all([
      this.revocations.isRevoked(claims.sid),
      this.accounts.find(claims.sub),
    ]);
    if (revoked) throw new AuthenticationRequiredError();
    if (!account) throw new AccountGoneError();
    // The account's role now, not the token's: a demoted admin's token must not stay an admin's.
    return { userId: claims.sub, role: account.role, sessionId: claims.sid, token, account };
  }

  /**
   * Returns the claims, or undefined for any token that is malformed, forged, expired, without
   * an expiry, or foreign. The role in the claims is what the account had at login; authorization
   * uses the current one, from {@link authenticate}.
   */
  verify(token: string): AccessTokenClaims | undefined {
    const { issuer, audience } = this.config.auth;
    try {
      const kid = jwt.decode(token, { complete: true })?.header.kid;
      const key = kid === undefined ? undefined : this.keys.get(kid);
      if (!key) return undefined;
      const claims = jwt.verify(token, key, {
        algorithms: [ALGORITHM],
        issuer,
        audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      if (typeof claims !== 'object') return undefined;
      const { sub, role, sid, iat, exp } = claims as Partial<AccessTokenClaims> & {
        iat?: number;
        exp?: number;
      };
      const issuedInFuture = iat === undefined || iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS;
      // jsonwebtoken checks `exp` only when present: a signed token without one would never expire.
      const expires = typeof exp === 'number';
      if (!isUuid(sub) || !isUuid(sid) || issuedInFuture || !expires) return undefined;
      return { sub, role: ROLES.includes(role as string) ? (role as Role) : 'user', sid };
    } catch {
      return undefined;
    }
  }
}

const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
