import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestApp } from '../support/test-app.js';
import { startIsolatedApp } from './isolated-app.js';

/*
 * Brute force through a side door: login limits and the lockout count per client and per
 * account, so each counts under a key. Two spellings of one client, or of one account, that got
 * two keys got two budgets of guesses.
 */

interface Reply {
  status: number;
  code?: string;
}

/**
 * One request from `address`. The apps trust the loopback proxy (TRUST_PROXY), so
 * X-Forwarded-For names the client exactly as spelled here, which is what request.ip becomes.
 *
 * Sent with fetch, not supertest: supertest's responses are checked against openapi.json, whose
 * `format: email` (ASCII only, in the checker) refuses the internationalised emails that
 * registration accepts and these tests register. That mismatch is reported, not fixed, here.
 */
async function send(
  api: TestApp,
  address: string,
  method: 'GET' | 'POST',
  path: string,
  body?: object,
): Promise<Reply> {
  const response = await fetch(new URL(path, await api.app.getUrl()), {
    method,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    code: text ? (JSON.parse(text) as { code?: string }).code : undefined,
  };
}

/** An API, listening, that takes the client's address from X-Forwarded-For, as behind a proxy. */
async function startProxiedApp(env: Record<string, string>): Promise<TestApp> {
  const api = await startIsolatedApp({ TRUST_PROXY: '127.0.0.1', ...env });
  await api.app.listen(0, '127.0.0.1');
  return api;
}

const tag = () => randomBytes(5).toString('hex');
const PASSWORD = 'the-right-password-1';

/*
 * Each pair: an account's email, and another spelling that Unicode case rules relate to it.
 * Whether Postgres's lower() folds the two together depends on the pair and on the database's
 * locale; the tests hold whichever way it goes.
 */
const SPELLINGS: { name: string; account: (t: string) => string; other: (t: string) => string }[] =
  [
    {
      name: 'ASCII upper case',
      account: (t) => `victim.${t}@example.test`,
      other: (t) => `VICTIM.${t}@example.test`,
    },
    {
      name: 'U+0130 (İ) for i',
      account: (t) => `victim.${t}@example.test`,
      other: (t) => `v\u0130ctim.${t}@example.test`,
    },
    {
      name: 'U+212A (Kelvin sign) for k',
      account: (t) => `kelvin.${t}@example.test`,
      other: (t) => `\u212Aelvin.${t}@example.test`,
    },
    {
      name: 'U+1E9E (ẞ) for ß',
      account: (t) => `stra\u00DFe.${t}@example.test`,
      other: (t) => `STRA\u1E9EE.${t}@example.test`,
    },
    {
      name: 'ss for ß',
      account: (t) => `stra\u00DFe.${t}@example.test`,
      other: (t) => `strasse.${t}@example.test`,
    },
    {
      name: 'final Σ for σ',
      account: (t) => `\u03B1\u03C3.${t}@example.test`,
      other: (t) => `\u03B1\u03A3.${t}@example.test`,
    },
    {
      name: 'final ς for σ',
      account: (t) => `\u03B1\u03C3.${t}@example.test`,
      other: (t) => `\u03B1\u03C2.${t}@example.test`,
    },
    {
      name: 'fullwidth letters',
      account: (t) => `victim.${t}@example.test`,
      other: (t) => `\uFF56\uFF49\uFF43\uFF54\uFF49\uFF4D.${t}@example.test`,
    },
    {
      name: 'NFD for NFC',
      account: (t) => `jos\u00E9.${t}@example.test`,
      other: (t) => `jose\u0301.${t}@example.test`,
    },
  ];

describe('API2 Broken Authentication: one key per account and per client', () => {
  describe('the account key', () => {
    let api: TestApp;
    beforeAll(async () => {
      // Lock after 3 failures; the rate limits stay out of the way of this part.
      api = await startProxiedApp({ LOGIN_LOCK_AFTER_FAILURES: '3', AUTH_RATE_LIMIT_MAX: '1000' });
    });
    afterAll(() => api.close());

    const login = (address: string, email: string, password: string) =>
      send(api, address, 'POST', '/api/users/login', { user: { email, password } });

    /** Registers the account; says whether `other` reaches it (the right password signs in). */
    async function reaches(account: string, other: string): Promise<boolean> {
      const registered = await send(api, '192.0.2.200', 'POST', '/api/users', {
        user: { username: `u_${tag()}`, email: account, password: PASSWORD },
      });
      expect(registered.status).toBe(201);
      // From an address of its own, with no failures: only the spelling decides.
      const { status } = await login(
        `198.51.100.${1 + Math.floor(Math.random() * 250)}`,
        other,
        PASSWORD,
      );
      expect([200, 401]).toContain(status);
      return status === 200;
    }

    it('a lockout holds for every spelling that reaches the account (U+0130, K, ẞ, Σ, fullwidth, NFD)', async () => {
      const reached: string[] = [];
      for (const [index, pair] of SPELLINGS.entries()) {
        const t = tag();
        const [account, other] = [pair.account(t), pair.other(t)];
        const attacker = `203.0.113.${index + 1}`;
        const sameAccount = await reaches(account, other);
        if (sameAccount) reached.push(pair.name);
        for (let i = 0; i < 3; i++) {
          expect((await login(attacker, account, 'wrong-password')).status).toBe(401);
        }
        expect(await login(attacker, account, PASSWORD)).toMatchObject({
          status: 429,
          code: 'USER_LOGIN_LOCKED',
        });
        // The attack: the same account under another spelling, with the right password.
        const sideDoor = await login(attacker, other, PASSWORD);
        if (sameAccount) {
          expect({ pair: pair.name, ...sideDoor }).toEqual({
            pair: pair.name,
            status: 429,
            code: 'USER_LOGIN_LOCKED',
          });
        } else {
          // Another account altogether (none registered): a wrong guess there is not one here.
          expect({ pair: pair.name, status: sideDoor.status }).toEqual({
            pair: pair.name,
            status: 401,
          });
        }
      }
      // The test proves something only if some pair does reach the account: U+0130 does in every
      // UTF-8 locale (Postgres lowers it to a plain i), and plain upper case does anywhere.
      expect(reached).toEqual(expect.arrayContaining(['ASCII upper case', 'U+0130 (İ) for i']));
    });

    it('locks out the whole IPv6 /64 of the address that failed, not just that address', async () => {
      const t = tag();
      const email = `victim.${t}@example.test`;
      expect(
        (
          await send(api, '192.0.2.202', 'POST', '/api/users', {
            user: { username: `u_${tag()}`, email, password: PASSWORD },
          })
        ).status,
      ).toBe(201);
      const network = `2001:db8:${randomBytes(2).toString('hex')}:5`;
      for (let i = 1; i <= 3; i++) {
        expect((await login(`${network}::${i}`, email, 'wrong-password')).status).toBe(401);
      }
      expect(await login(`${network}::ffff:4`, email, PASSWORD)).toMatchObject({
        status: 429,
        code: 'USER_LOGIN_LOCKED',
      });
    });

    it('refuses to register a second account under a spelling that reaches an existing one', async () => {
      const t = tag();
      const first = await send(api, '192.0.2.201', 'POST', '/api/users', {
        user: { username: `u_${tag()}`, email: `victim.${t}@example.test`, password: PASSWORD },
      });
      expect(first.status).toBe(201);
      const second = await send(api, '192.0.2.201', 'POST', '/api/users', {
        user: {
          username: `u_${tag()}`,
          email: `v\u0130ctim.${t}@example.test`,
          password: PASSWORD,
        },
      });
      expect(second).toMatchObject({ status: 422, code: 'USER_EMAIL_TAKEN' });
    });
  });

  describe('the per-account limit', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await startProxiedApp({ AUTH_RATE_LIMIT_MAX: '4', LOGIN_LOCK_AFTER_FAILURES: '100' });
    });
    afterAll(() => api.close());

    it('counts the guesses at one account under every spelling that reaches it, from any address', async () => {
      const t = tag();
      const email = `victim.${t}@example.test`;
      const registered = await send(api, '192.0.2.10', 'POST', '/api/users', {
        user: { username: `u_${tag()}`, email, password: PASSWORD },
      });
      expect(registered.status).toBe(201);
      // The registration and three guesses, each from another address: only the account's budget
      // of four runs out.
      for (let i = 0; i < 3; i++) {
        const guess = await send(api, `203.0.113.${10 + i}`, 'POST', '/api/users/login', {
          user: { email, password: `wrong-${i}` },
        });
        expect(guess.status).toBe(401);
      }
      for (const [i, other] of [
        email,
        `v\u0130ctim.${t}@example.test`,
        `VİCTIM.${t}@EXAMPLE.TEST`,
      ].entries()) {
        const more = await send(api, `203.0.113.${20 + i}`, 'POST', '/api/users/login', {
          user: { email: other, password: PASSWORD },
        });
        expect({ other, ...more }).toEqual({ other, status: 429, code: 'RATE_LIMITED' });
      }
    });
  });

  describe('the client key', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await startProxiedApp({ AUTH_RATE_LIMIT_MAX: '5', LOGIN_LOCK_AFTER_FAILURES: '100' });
    });
    afterAll(() => api.close());

    /** A failed login for an account no one has, so that only the per-client budget counts. */
    const guessFrom = (address: string) =>
      send(api, address, 'POST', '/api/users/login', {
        user: { email: `nobody.${tag()}@example.test`, password: 'wrong-password' },
      });

    it('counts 30 addresses of one IPv6 /64 as one client', async () => {
      const network = `2001:db8:${randomBytes(2).toString('hex')}:1`;
      const statuses: number[] = [];
      for (let i = 1; i <= 30; i++) {
        statuses.push(
          (await guessFrom(`${network}:${randomBytes(2).toString('hex')}::${i.toString(16)}`))
            .status,
        );
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
      // Another /64 is another client.
      expect((await guessFrom(`${network.slice(0, -1)}2::1`)).status).toBe(401);
    });

    it('counts every spelling of one address as one client (case, zeros, ::, zone id, IPv4-mapped)', async () => {
      const octet = 1 + Math.floor(Math.random() * 250);
      const group = randomBytes(2).toString('hex');
      const spellings = [
        `2001:db8:${group}::7`,
        `2001:DB8:${group.toUpperCase()}::7`,
        `2001:0db8:${group}:0000:0000:0000:0000:0007`,
        `2001:db8:${group}:0:0::7`,
        `2001:db8:${group}::7%eth0`,
      ];
      const v6 = await Promise.all(spellings.map((address) => guessFrom(address)));
      expect(v6.map((reply) => reply.status)).toEqual([401, 401, 401, 401, 401]);
      expect((await guessFrom(`2001:db8:${group}::8`)).status).toBe(429);

      const v4 = [
        `192.0.2.${octet}`,
        `::ffff:192.0.2.${octet}`,
        `::FFFF:C000:02${octet.toString(16).padStart(2, '0')}`,
      ];
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await guessFrom(v4[i % v4.length])).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    });

    it('keys the global limit the same way', async () => {
      const limited = await startProxiedApp({ RATE_LIMIT_MAX: '3' });
      try {
        const network = `2001:db8:${randomBytes(2).toString('hex')}:9`;
        const statuses: number[] = [];
        for (let i = 1; i <= 5; i++) {
          statuses.push((await send(limited, `${network}::${i}`, 'GET', '/api/tags')).status);
        }
        expect(statuses).toEqual([200, 200, 200, 429, 429]);
      } finally {
        await limited.close();
      }
    });

    it('takes the prefix length from RATE_LIMIT_IPV6_PREFIX', async () => {
      const per128 = await startProxiedApp({ RATE_LIMIT_MAX: '3', RATE_LIMIT_IPV6_PREFIX: '128' });
      try {
        const network = `2001:db8:${randomBytes(2).toString('hex')}:9`;
        const statuses: number[] = [];
        for (let i = 1; i <= 5; i++) {
          statuses.push((await send(per128, `${network}::${i}`, 'GET', '/api/tags')).status);
        }
        expect(statuses).toEqual([200, 200, 200, 200, 200]);
      } finally {
        await per128.close();
      }
    });
  });
});
