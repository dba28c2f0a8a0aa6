import { describe, expect, it, jest } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../config/load-config.js';
import { tokenFromAuthorizationHeader } from './authorization-header.js';
import type { LiveAccounts } from './live-accounts.js';
import type { SessionRevocations } from './session-revocations.js';
import { TokenService } from './token.service.js';

const OLD = 'old-key-secret-old-key-secret-old-key-secret';
const NEW = 'new-key-secret-new-key-secret-new-key-secret';
const config = loadConfig({
  NODE_ENV: 'test',
  JWT_KEYS: `2026-11:${NEW},2026-05:${OLD}`,
});
const notRevoked = { isRevoked: () => Promise.resolve(false) } as unknown as SessionRevocations;
const accounts = (role: 'user' | 'admin' | undefined) =>
  ({
    find: () =>
      Promise.resolve(role && { role, email: 'a@example.com', username: 'a', bio: '', image: '' }),
  }) as unknown as LiveAccounts;
const service = new TokenService(config, notRevoked, accounts('user'));
const { issuer, audience } = config.auth;
const USER = '0b6f3b8e-8d4a-4f57-9c39-3b1e7c0e2a11';
const SESSION = '5d2c9a40-1f3b-4b8e-a6d7-2f0c4e9b8a33';
const claims = { role: 'user', sid: SESSION };
const signed = (secret: string, options: jwt.SignOptions = {}, payload: object = claims) =>
  jwt.sign(payload, secret, {
    issuer,
    audience,
    subject: USER,
    keyid: '2026-11',
    expiresIn: 60,
    ...options,
  });

describe('TokenService', () => {
  it('verifies the tokens it signs, naming the signing key', () => {
    const token = service.sign({ userId: USER, role: 'admin', sessionId: SESSION });
    expect(jwt.decode(token, { complete: true })?.header).toMatchObject({
      alg: 'HS256',
      kid: '2026-11',
    });
    expect(service.verify(token)).toEqual({ sub: USER, role: 'admin', sid: SESSION });
  });

  it('still accepts tokens signed with an older key that is configured (rotation)', () => {
    expect(service.verify(signed(OLD, { keyid: '2026-05' }))).toEqual({
      sub: USER,
      role: 'user',
      sid: SESSION,
    });
  });

  it.each([
    ['expired', signed(NEW, { expiresIn: -60 })],
    ['from another issuer', signed(NEW, { issuer: 'evil' })],
    ['for another audience', signed(NEW, { audience: 'other' })],
    ['signed with another key', signed('x'.repeat(40))],
    ['naming an unknown key', signed(NEW, { keyid: 'nope' })],
    ['naming no key', jwt.sign(claims, NEW, { issuer, audience, subject: USER })],
    ['with the old key under the new key id', signed(OLD)],
    ['signed with another algorithm', signed(NEW, { algorithm: 'HS512' })],
    [
      'whose header adds a field this service never writes (a key URL)',
      signed(NEW, { header: { alg: 'HS256', kid: '2026-11', jku: 'https://evil.example/keys' } }),
    ],
    [
      'unsigned (alg none)',
      jwt.sign(claims, '', {
        issuer,
        audience,
        subject: USER,
        keyid: '2026-11',
        algorithm: 'none',
      }),
    ],
    [
      'without an expiry (it would never expire)',
      jwt.sign(claims, NEW, { issuer, audience, subject: USER, keyid: '2026-11' }),
    ],
    ['without a subject', jwt.sign(claims, NEW, { issuer, audience, keyid: '2026-11' })],
    ['without a session', signed(NEW, {}, { role: 'user' })],
    ['whose subject is not a uuid', signed(NEW, { subject: "1' OR '1'='1" })],
    ['whose session is not a uuid', signed(NEW, {}, { role: 'user', sid: 'session-1' })],
    [
      'issued in the future',
      signed(NEW, {}, { ...claims, iat: Math.floor(Date.now() / 1000) + 3600 }),
    ],
  ])('rejects a token %s', (_case, token) => {
    expect(service.verify(token)).toBeUndefined();
  });

  it('stops accepting a token it has verified before once the token expires', () => {
    const fresh = new TokenService(config, notRevoked, accounts('user'));
    const token = signed(NEW, { expiresIn: 5 });
    expect(fresh.verify(token)?.sub).toBe(USER);
    const now = Date.now();
    const later = jest.spyOn(Date, 'now').mockReturnValue(now + (5 + 31) * 1000);
    try {
      expect(fresh.verify(token)).toBeUndefined();
    } finally {
      later.mockRestore();
    }
  });

  it('refuses a token whose claims were edited, even next to the verified original', () => {
    const fresh = new TokenService(config, notRevoked, accounts('user'));
    const token = signed(NEW);
    expect(fresh.verify(token)?.role).toBe('user');
    const [header, payload, signature] = token.split('.');
    const claimsOf = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const promoted = Buffer.from(JSON.stringify({ ...claimsOf, role: 'admin' })).toString(
      'base64url',
    );
    expect(fresh.verify(`${header}.${promoted}.${signature}`)).toBeUndefined();
  });

  it('treats an unknown role as the least privileged one', () => {
    expect(service.verify(signed(NEW, {}, { role: 'root', sid: SESSION }))?.role).toBe('user');
  });

  it("gives the caller the account's current role, not the one in the token", async () => {
    const demoted = new TokenService(config, notRevoked, accounts('user'));
    const token = demoted.sign({ userId: USER, role: 'admin', sessionId: SESSION });
    expect(await demoted.authenticate(`Token ${token}`, true)).toMatchObject({ role: 'user' });
  });

  it('refuses a valid token of an ended session', async () => {
    const revoked = { isRevoked: () => Promise.resolve(true) } as unknown as SessionRevocations;
    const strict = new TokenService(config, revoked, accounts('user'));
    const token = strict.sign({ userId: USER, role: 'user', sessionId: SESSION });
    await expect(strict.authenticate(`Token ${token}`, true)).rejects.toThrow();
  });

  it('refuses a valid token whose account was deleted, also where a token is optional', async () => {
    const gone = new TokenService(config, notRevoked, accounts(undefined));
    const token = gone.sign({ userId: USER, role: 'user', sessionId: SESSION });
    for (const required of [true, false]) {
      await expect(gone.authenticate(`Token ${token}`, required)).rejects.toMatchObject({
        code: 'USER_ACCOUNT_GONE',
      });
    }
  });
});

describe('tokenFromAuthorizationHeader', () => {
  it('accepts the RealWorld "Token" scheme and "Bearer", in any letter case', () => {
    expect(tokenFromAuthorizationHeader('Token a.b.c')).toBe('a.b.c');
    expect(tokenFromAuthorizationHeader('bearer a.b.c')).toBe('a.b.c');
  });

  it.each([[undefined], [''], ['Basic a.b.c'], ['Token'], ['Token a.b'], ['Token a.b.c extra']])(
    'finds no token in %p',
    (header) => {
      expect(tokenFromAuthorizationHeader(header)).toBeUndefined();
    },
  );
});
