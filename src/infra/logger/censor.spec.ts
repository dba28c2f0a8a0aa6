import { describe, expect, it } from '@jest/globals';
import { CENSORED, censorSecrets } from './censor.js';

describe('censorSecrets', () => {
  it('returns the same object when it holds no secret', () => {
    const fields = { req: { method: 'GET', url: '/api/tags' }, res: { statusCode: 200 } };
    expect(censorSecrets(fields)).toBe(fields);
  });

  it('replaces secret keys at any of the first levels, without touching the original', () => {
    const fields = {
      password: 'p1',
      user: { email: 'a@b.c', token: 't1' },
      req: { headers: { authorization: 'Token x', cookie: 's=1', accept: '*/*' } },
      list: [{ refreshToken: 'r1' }],
    };
    const censored = censorSecrets(fields);
    expect(censored).toEqual({
      password: CENSORED,
      user: { email: 'a@b.c', token: CENSORED },
      req: { headers: { authorization: CENSORED, cookie: CENSORED, accept: '*/*' } },
      list: [{ refreshToken: CENSORED }],
    });
    expect(fields.user.token).toBe('t1');
    expect(fields.req.headers.authorization).toBe('Token x');
  });

  it('leaves class instances to their serializers', () => {
    const error = Object.assign(new Error('boom'), { password: 'p' });
    expect(censorSecrets({ err: error }).err).toBe(error);
  });
});
