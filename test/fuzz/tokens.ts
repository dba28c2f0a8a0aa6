import { createHmac } from 'node:crypto';
import type { Random } from './random.js';

/** How the fuzzed API signs and checks its tokens (passed to it as JWT_* variables). */
export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  keyId: string;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** An HS256 JWT (or an unsigned one for `alg: none`), built by hand so every part can be wrong. */
export function signJwt(header: object, payload: object, secret: string): string {
  const head = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createHmac('sha256', secret).update(head).digest('base64url');
  return `${head}.${signature}`;
}

/**
 * Tokens a client should never get past the auth check with: each is shaped like a real one and
 * differs in exactly one way (key, algorithm, expiry, audience, or a subject that is no user).
 */
export function forgedTokens(
  settings: TokenSettings,
  realUserId: string,
  random: Random,
): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: realUserId,
    sid: uuid(random),
    role: 'user',
    iss: settings.issuer,
    aud: settings.audience,
    iat: now,
    exp: now + 600,
  };
  const header = { alg: 'HS256', typ: 'JWT', kid: settings.keyId };
  const sign = (payload: object, head: object = header, secret = settings.secret) =>
    signJwt(head, payload, secret);
  const unsigned = (payload: object) =>
    `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid: settings.keyId }))}.${base64url(JSON.stringify(payload))}.`;
  return {
    expired: sign({ ...claims, iat: now - 7_200, exp: now - 3_600 }),
    foreignKey: sign(claims, header, 'another-service-secret-that-is-long-enough-0000'),
    algNone: unsigned({ ...claims, role: 'admin' }),
    subNotUuid: sign({ ...claims, sub: 'not-a-uuid' }),
    subNumber: sign({ ...claims, sub: '2147483648' }),
    subNul: sign({ ...claims, sub: 'a\u0000b' }),
    subUnknownUser: sign({ ...claims, sub: uuid(random) }),
    wrongAudience: sign({ ...claims, aud: 'someone-else' }),
    wrongIssuer: sign({ ...claims, iss: 'someone-else' }),
    unknownKid: sign(claims, { ...header, kid: 'no-such-key' }),
    noKid: sign(claims, { alg: 'HS256', typ: 'JWT' }),
    issuedInFuture: sign({ ...claims, iat: now + 86_400, exp: now + 90_000 }),
    sidObject: sign({ ...claims, sid: { $ne: null } }),
    roleAdminNoSid: sign({ ...claims, role: 'admin', sid: undefined }),
  };
}

/** Authorization header values that are malformed rather than forged. */
export function malformedAuthorization(random: Random, realToken: string): string {
  return random.pick([
    'Token',
    'Token ',
    'Bearer',
    'Token a.b.c',
    'Bearer x.y',
    'Basic dXNlcjpwYXNzd29yZA==',
    `Token ${realToken}x`,
    `Token ${realToken}.extra`,
    `Token ${realToken} ${realToken}`,
    `Token ${realToken.slice(0, -10)}`,
    `Digest ${realToken}`,
    `Token ${'a'.repeat(8_000)}.${'b'.repeat(50)}.c`,
    `Token ${Buffer.from(realToken).toString('base64')}`,
    'Token \u00ff\u00fe.\u00e9.\u00e0', // Latin-1 bytes, the only non-ASCII a header carries
  ]);
}

/** The scheme spellings a client may use for a valid token. */
export function schemeVariant(random: Random, token: string): string {
  return random.pick([
    `Token ${token}`,
    `Bearer ${token}`,
    `bearer ${token}`,
    `TOKEN ${token}`,
    `Token   ${token}`,
    `Bearer ${token} `,
  ]);
}

/** A version-4-shaped UUID from the seeded source. */
export function uuid(random: Random): string {
  const hex = random.string(32, '0123456789abcdef');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
