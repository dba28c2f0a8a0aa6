import { describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { loadConfig } from '../../config/load-config.js';
import { tokenFromAuthorizationHeader } from './authorization-header.js';
import { TokenService } from './token.service.js';

const config = loadConfig({ NODE_ENV: 'test' });
const service = new TokenService(config);
const { jwtSecret, issuer, audience } = config.auth;

describe('TokenService', () => {
  it('verifies the tokens it signs', () => {
    expect(service.verify(service.sign('user-1'))).toEqual({ sub: 'user-1' });
  });

  it.each([
    ['expired', jwt.sign({ sub: 'u' }, jwtSecret, { issuer, audience, expiresIn: -10 })],
    ['from another issuer', jwt.sign({ sub: 'u' }, jwtSecret, { issuer: 'evil', audience })],
    ['for another audience', jwt.sign({ sub: 'u' }, jwtSecret, { issuer, audience: 'other' })],
    ['signed with another key', jwt.sign({ sub: 'u' }, 'x'.repeat(40), { issuer, audience })],
    [
      'signed with another algorithm',
      jwt.sign({ sub: 'u' }, jwtSecret, { issuer, audience, algorithm: 'HS512' }),
    ],
    ['unsigned (alg none)', jwt.sign({ sub: 'u' }, '', { issuer, audience, algorithm: 'none' })],
    ['without a subject', jwt.sign({}, jwtSecret, { issuer, audience })],
  ])('rejects a token %s', (_case, token) => {
    expect(service.verify(token)).toBeUndefined();
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
