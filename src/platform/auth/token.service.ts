import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createSigner, createVerifier } from 'fast-jwt';
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
// Tokens verified recently, per key, keyed by a SHA-256 of the whole token and kept no longer
// than the token is valid: a client repeats its token on every request, and a hit skips the
// signature and claim checks (about 3 µs instead of 10). Failures are never kept.
const VERIFIED_TOKENS_CACHED = 1000;
const ROLES: readonly string[] = ['user', 'admin'];
// User and session ids are uuids; anything else would reach Postgres as a malformed uuid.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Sign = (payload: Record<string, unknown>) => string;
type Verify = (token: string) => Record<string, unknown>;

/**
 * Signs and verifies access tokens: HS256 only, issuer, audience, expiry and issue time checked,
 * and the signing key named by `kid`, so a key can be rotated without logging everyone out
 * (add the new key, sign with it, drop the old one after one token lifetime).
 */
@Injectable()
export class TokenService {
  private readonly signer: Sign;
  // By the token's first segment, its encoded header: every token one key signs has the same
  // header ({"alg","typ","kid"}), so the key is found without decoding anything.
  private readonly verifiers = new Map<string, Verify>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly revocations: SessionRevocations,
    private readonly accounts: LiveAccounts,
  ) {
    const { issuer, audience, ttlSeconds, signingKeyId, keys } = config.auth;
    const signing = keys.find((key) => key.id === signingKeyId);
    // loadConfig refuses a JWT_SIGNING_KEY_ID that names no key; never sign with anything else.
    if (!signing) throw new Error(`no JWT key has the signing key id "${signingKeyId}"`);
    this.signer = createSigner<Record<string, unknown>>({
      key: Buffer.from(signing.secret, 'utf8'),
      algorithm: ALGORITHM,
      kid: signingKeyId,
      iss: issuer,
      aud: audience,
      expiresIn: ttlSeconds * 1000,
    });
    for (const { id, secret } of keys) {
      const verify = createVerifier({
        key: Buffer.from(secret, 'utf8'),
        algorithms: [ALGORITHM],
        allowedIss: issuer,
        allowedAud: audience,
        // Without `exp` a signed token would never expire; without `iat` it has no age.
        requiredClaims: ['exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS * 1000,
        cache: VERIFIED_TOKENS_CACHED,
      }) as Verify;
      // The header the signer writes for this key, encoded as it appears in the token.
      const header = JSON.stringify({ alg: ALGORITHM, typ: 'JWT', kid: id });
      this.verifiers.set(Buffer.from(header).toString('base64url'), verify);
    }
  }

  sign(claims: { userId: string; role: Role; sessionId: string }): string {
    return this.signer({
      sub: claims.userId,
      role: claims.role,
      sid: claims.sessionId,
      // Unique per token, so two tokens issued in the same second still differ.
      jti: randomUUID(),
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
    // A header this service never writes (another algorithm, an unknown or missing key id, alg
    // "none", extra fields) has no verifier: such a token is refused before any decoding.
    const verify = this.verifiers.get(token.slice(0, token.indexOf('.')));
    if (!verify) return undefined;
    try {
      const { sub, role, sid, iat } = verify(token);
      const issuedInFuture =
        typeof iat !== 'number' || iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS;
      if (!isUuid(sub) || !isUuid(sid) || issuedInFuture) return undefined;
      return { sub, role: ROLES.includes(role as string) ? (role as Role) : 'user', sid };
    } catch {
      return undefined;
    }
  }
}

const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
