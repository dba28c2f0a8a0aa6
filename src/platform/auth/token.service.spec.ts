import { describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../config/load-config.js';
import { tokenFromAuthorizationHeader } from './authorization-header.js';
import type { SessionRevocations } from './session-revocations.js';
import { TokenService } from './token.service.js';

const OLD = 'old-key-secret-old-key-secret-old-key-secret';
const NEW = 'new-key-secret-new-key-secret-new-key-secret';
const config = loadConfig({
  NODE_ENV: 'test',
  JWT_KEYS: `2026-11:${NEW},2026-05:${OLD}`,
});
const notRevoked = { isRevoked: () => Promise.resolve(false) } as unknown as SessionRevocations;
const service = new TokenService(config, notRevoked);
const { issuer, audience } = config.auth;
const claims = { role: 'user', sid: 'session-1' };
const signed = (secret: string, options: jwt.SignOptions = {}, payload: object = claims) =>
  jwt.sign(payload, secret, {
    issuer,
    audience,
    subject: 'u',
    keyid: '2026-11',
    expiresIn: 60,
    ...options,
  });

describe('TokenService', () => {
  it('verifies the tokens it signs, naming the signing key', () => {
    const token = service.sign({ userId: 'user-1', role: 'admin', sessionId: 'session-1' });
    expect(jwt.decode(token, { complete: true })?.header).toMatchObject({
      alg: 'HS256',
      kid: '2026-11',
    });
    expect(service.verify(token)).toEqual({ sub: 'user-1', role: 'admin', sid: 'session-1' });
  });

  it('still accepts tokens signed with an older key that is configured (rotation)', () => {
    expect(service.verify(signed(OLD, { keyid: '2026-05' }))).toEqual({
      sub: 'u',
      role: 'user',
      sid: 'session-1',
    });
  });

  it.each([
    ['expired', signed(NEW, { expiresIn: -60 })],
    ['from another issuer', signed(NEW, { issuer: 'evil' })],
    ['for another audience', signed(NEW, { audience: 'other' })],
    ['signed with another key', signed('x'.repeat(40))],
    ['naming an unknown key', signed(NEW, { keyid: 'nope' })],
    ['naming no key', jwt.sign(claims, NEW, { issuer, audience, subject: 'u' })],
    ['with the old key under the new key id', signed(OLD)],
    ['signed with another algorithm', signed(NEW, { algorithm: 'HS512' })],
    [
      'unsigned (alg none)',
      jwt.sign(claims, '', { issuer, audience, subject: 'u', keyid: '2026-11', algorithm: 'none' }),
    ],
    ['without a subject', jwt.sign(claims, NEW, { issuer, audience, keyid: '2026-11' })],
    ['without a session', signed(NEW, {}, { role: 'user' })],
    [
      'issued in the future',
      signed(NEW, {}, { ...claims, iat: Math.floor(Date.now() / 1000) + 3600 }),
    ],
  ])('rejects a token %s', (_case, token) => {
    expect(service.verify(token)).toBeUndefined();
  });

  it('treats an unknown role as the least privileged one', () => {
    expect(service.verify(signed(NEW, {}, { role: 'root', sid: 's' }))?.role).toBe('user');
  });

  it('refuses a valid token of an ended session', async () => {
    const revoked = { isRevoked: () => Promise.resolve(true) } as unknown as SessionRevocations;
    const strict = new TokenService(config, revoked);
    const token = strict.sign({ userId: 'u', role: 'user', sessionId: 's' });
    await expect(strict.authenticate(`Token ${token}`, true)).rejects.toThrow();
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
