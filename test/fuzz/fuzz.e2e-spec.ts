import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { isolatedBackends } from '../support/isolated-backends.js';
import { printfFormat, shellWord } from './curl.js';
import type { Account, World } from './fixtures.js';
import { allTargets, plan } from './plan.js';
import { formatReport } from './report.js';
import { runFuzz } from './run-fuzz.js';

// The same seed every run: a finding here reproduces with `npm run fuzz -- --seed 20261111`.
const SEED = 20_261_111;
const REQUESTS = 1_000;

describe('fuzzer (npm run fuzz) against the built API', () => {
  it('gets a well-formed answer, never a 5xx, for 1,000 hostile and valid requests, and the API stays up', async () => {
    const backends = await isolatedBackends('fuzz');
    try {
      const result = await runFuzz({
        seed: SEED,
        requests: REQUESTS,
        concurrency: 4,
        limitsShare: 0,
        env: { ...backends.env, REDIS_URL: process.env.REDIS_URL! },
        log: () => undefined,
      });
      expect(result.sent).toBeGreaterThanOrEqual(REQUESTS);
      expect([...result.coverage.values()].every((count) => count > 0)).toBe(true);
      // On failure the report lists each finding with a command that reproduces it.
      const report = formatReport(result, `npm run fuzz -- --seed ${SEED} --requests ${REQUESTS}`);
      expect(report).toMatch(/\nfindings: none$/);
    } finally {
      await backends.drop();
    }
  }, 300_000);

  it('plans the same requests from the same seed, and other requests from another seed', () => {
    const first = sample(SEED);
    expect(sample(SEED)).toEqual(first);
    expect(sample(SEED + 1)).not.toEqual(first);
  });

  it('prints shell commands that send exactly the bytes of the request', () => {
    const body = Buffer.concat([
      Buffer.from('{"a":"\\ud800 \u0000 % %s \\\\ \' \u00e9 \u{1f600}"}', 'utf8'),
      Buffer.from([0, 1, 0xff, 0x0d, 0x0a]),
    ]);
    expect(bash(printfFormat(body))).toEqual(body);
    const url = `http://127.0.0.1/api/articles/${'x'.repeat(500)}%00'${'\u00ff'}`;
    expect(bash(`printf %s ${shellWord(url)}`)).toEqual(Buffer.from(url, 'latin1'));
  });
});

const bash = (command: string) => spawnSync('bash', ['-c', command]).stdout;

/** The first 200 planned requests against a made-up world, as comparable text. */
function sample(seed: number): string[] {
  const account = (name: string): Account => ({
    username: name,
    email: `${name}@example.com`,
    password: `${name}-password`,
    token: `${name}.token.x`,
    refreshToken: `${name}-refresh`,
    id: `00000000-0000-4000-a000-00000000000${name.length}`,
  });
  const world: World = {
    author: account('author'),
    reader: account('reader'),
    editor: account('editor'),
    admin: account('admin'),
    leaver: account('leaver'),
    deleted: account('deleted'),
    revokedToken: 'revoked.token.x',
    articles: ['one', 'two'],
    scratchArticles: ['three'],
    comments: [{ slug: 'one', id: 1 }],
    jobIds: ['img_0'],
  };
  const planned = plan(seed, allTargets(), world, { forged: 'a.b.c' }, '127.0.0.1:1');
  return Array.from({ length: 200 }, () => {
    const [, request] = planned.next().value!;
    return JSON.stringify({
      ...request,
      body: request.body?.toString('base64'),
      raw: request.raw?.toString('base64'),
    });
  });
}
