import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { PUBLIC_SECRETS } from '../../src/config/public-secrets.js';
import {
  freePort,
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';

// The secret that development fell back to before: public, in every clone of the repository.
const FORMER_DEV_SECRET = 'dev-only-insecure-jwt-secret-change-me-000000';
const FORMER_COMPOSE_SECRET = 'local-compose-only-jwt-secret-never-deploy-0000';
const GENERATED_SECRET_NOTICE = 'JWT_SECRET is not set';

interface Session {
  user: { username: string; token: string };
}

const claimsOf = (token: string) => jwt.decode(token) as { sub: string; sid: string };

describe('API8 Security Misconfiguration: safe defaults', () => {
  describe('an API started with nothing set (NODE_ENV, JWT_SECRET and HOST unset)', () => {
    let api: RunningProcess;
    let port: number;
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;

    beforeAll(async () => {
      port = await freePort();
      // An empty variable counts as unset: this is a development start with no .env.
      api = startProcess('main', { NODE_ENV: '', PORT: String(port), HOST: '', JWT_SECRET: '' });
      await waitForOutput(api, 'API listening on');
    });
    afterAll(() => stopProcess(api));

    it('runs as development, on loopback only', () => {
      expect(api.output()).toContain(`API listening on http://127.0.0.1:${port} (development)`);
    });

    it('is not reachable on another interface of this machine', async () => {
      const external = Object.values(networkInterfaces())
        .flat()
        .find((address) => address && address.family === 'IPv4' && !address.internal);
      // A machine with loopback only has nothing to prove here; the log line above still does.
      if (!external) return;
      await expect(
        fetch(`http://${external.address}:${port}/health/live`, {
          signal: AbortSignal.timeout(5_000),
        }),
      ).rejects.toThrow();
    });

    it('says once that it made a random signing secret', () => {
      expect(api.output().split(GENERATED_SECRET_NOTICE)).toHaveLength(2);
    });

    it('refuses an admin token forged with the former public development secret', async () => {
      const tag = randomBytes(6).toString('hex');
      const registered = await fetch(url('/api/users'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          user: { username: `u_${tag}`, email: `u_${tag}@example.test`, password: `pw-${tag}-x` },
        }),
      });
      expect(registered.status).toBe(201);
      const { user } = (await registered.json()) as Session;
      // The attack: the victim's own ids, role admin, signed with the secret anyone can read.
      const { sub, sid } = claimsOf(user.token);
      const forged = jwt.sign({ role: 'admin', sid }, FORMER_DEV_SECRET, {
        subject: sub,
        issuer: 'conduit',
        audience: 'conduit-api',
        keyid: 'primary',
        expiresIn: 600,
      });
      const promote = (token: string) =>
        fetch(url(`/api/admin/users/${user.username}/role`), {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ role: 'admin' }),
        });
      expect((await promote(forged)).status).toBe(401);
      // The real token works (the server is fine), and is an ordinary user's.
      expect((await promote(user.token)).status).toBe(403);
    });
  });

  describe('production', () => {
    it.each([
      ['the former development default', FORMER_DEV_SECRET],
      ["docker/compose.yml's former fallback", FORMER_COMPOSE_SECRET],
    ])('refuses to start with %s as JWT_SECRET, without echoing it', async (_, secret) => {
      const api = startProcess('main', { NODE_ENV: 'production', JWT_SECRET: secret });
      expect(await api.exited).toBe(78);
      expect(api.output()).toContain('JWT_SECRET: is a value published in this repository');
      expect(api.output()).not.toContain(secret);
    });

    it('refuses every listed secret, also as one of JWT_KEYS', async () => {
      const keys = [...PUBLIC_SECRETS].map((secret, index) => `k${index}:${secret}`).join(',');
      const api = startProcess('main', { NODE_ENV: 'production', JWT_KEYS: keys });
      expect(await api.exited).toBe(78);
      expect(api.output()).toContain('JWT_KEYS: is a value published in this repository');
    });
  });

  describe('the repository', () => {
    it('lists every secret-looking literal it contains in src/config/public-secrets.ts', () => {
      const found = secretLiteralsInRepository();
      // The scan itself works: it finds the secrets this file names.
      expect(found.map(([, literal]) => literal)).toEqual(
        expect.arrayContaining([FORMER_DEV_SECRET, FORMER_COMPOSE_SECRET]),
      );
      const unlisted = found.filter(([, literal]) => !PUBLIC_SECRETS.has(literal));
      expect(unlisted.map(([file, literal]) => `${file}: ${literal}`)).toEqual([]);
    });

    it('makes docker/compose.yml require JWT_SECRET, and the image bind 0.0.0.0 explicitly', () => {
      const compose = readFileSync('docker/compose.yml', 'utf8');
      expect(compose).toMatch(/^\s*JWT_SECRET: \$\{JWT_SECRET:\?[^}]+\}$/m);
      expect(compose).toMatch(/^\s*HOST: 0\.0\.0\.0$/m);
      expect(readFileSync('docker/Dockerfile', 'utf8')).toMatch(/^\s*HOST=0\.0\.0\.0 /m);
    });
  });
});

/**
 * What looks like a signing secret in a tracked file: a 32+ character run that contains
 * "secret", or a literal value given to JWT_SECRET, JWT_KEYS or a *SECRET* / KEY_* constant.
 * Returns [file, literal] pairs.
 */
function secretLiteralsInRepository(): [string, string][] {
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { encoding: 'utf8' },
  )
    .split('\0')
    .filter((file) => file && !file.endsWith('package-lock.json'));
  const found: [string, string][] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // listed but deleted in the working tree
    }
    if (text.includes('\0')) continue; // binary
    for (const literal of secretLiterals(text)) found.push([file, literal]);
  }
  return found;
}

const RUN_WITH_SECRET = /[A-Za-z0-9_.~+=-]*secret[A-Za-z0-9_.~+=-]*/gi;
const ASSIGNED = /(?:JWT_SECRET|JWT_KEYS|\w*SECRET\w*|KEY_\w+)['"]?\s*[:=]\s*['"`]?([^'"`\s,}]+)/gi;

function secretLiterals(text: string): string[] {
  const literals = new Set<string>();
  for (const [run] of text.matchAll(RUN_WITH_SECRET)) {
    if (run.length >= 32 && !/^[\w.]+$/.test(run)) literals.add(run); // not an identifier path
  }
  for (const [, value] of text.matchAll(ASSIGNED)) {
    // id:secret pairs of JWT_KEYS. Template expressions (${...}), placeholders (<secret>) and
    // patterns (a regular expression's [...] and *) are not values.
    for (const part of value.split(',').map((pair) => pair.slice(pair.indexOf(':') + 1))) {
      if (part.length >= 32 && !/\$\{|[<[\]*]/.test(part)) literals.add(part);
    }
  }
  return [...literals];
}
