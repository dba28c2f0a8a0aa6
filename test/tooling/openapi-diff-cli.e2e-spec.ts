import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// `npm run openapi:diff -- <ref>` as a user runs it: in a git repository whose openapi.json
// changed since <ref>.
const CLI = resolve('scripts/openapi-diff/cli.js');

const contract = (withTagFilter: boolean, response = { type: 'object' }) => ({
  openapi: '3.0.3',
  info: { title: 'test', version: '1' },
  paths: {
    '/articles': {
      get: {
        operationId: 'listArticles',
        parameters: withTagFilter ? [{ name: 'tag', in: 'query', schema: { type: 'string' } }] : [],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: response } } },
        },
      },
    },
  },
});

let repo: string;

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@conduit.test', ...args], {
    cwd: repo,
    stdio: 'ignore',
  });
}

function commitSpec(doc: object | string): void {
  writeFileSync(join(repo, 'openapi.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
  git('add', 'openapi.json');
  git('commit', '-q', '-m', 'spec');
}

function diff(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: repo, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'openapi-diff-'));
  git('init', '-q');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('npm run openapi:diff -- <git-ref>', () => {
  it('exits 1 and prints each breaking change on one line with its JSON path', () => {
    commitSpec(contract(true));
    writeFileSync(join(repo, 'openapi.json'), JSON.stringify(contract(false)));
    const { status, stdout } = diff('HEAD');
    expect(status).toBe(1);
    expect(stdout).toContain('openapi.json compared with HEAD:openapi.json');
    expect(stdout).toContain(
      `Breaking changes (1):\n  - $.paths['/articles'].get.parameters['query:tag']: query parameter "tag" removed`,
    );
  });

  it('exits 0 and lists the additions when nothing breaks', () => {
    commitSpec(contract(false));
    writeFileSync(join(repo, 'openapi.json'), JSON.stringify(contract(true)));
    const { status, stdout } = diff('HEAD');
    expect(status).toBe(0);
    expect(stdout).not.toContain('Breaking');
    expect(stdout).toContain(`+ $.paths['/articles'].get.parameters['query:tag']: optional`);
    expect(stdout).toContain('No breaking changes.');
  });

  it('compares with an older commit given as any git ref', () => {
    commitSpec(contract(true));
    commitSpec(contract(false));
    expect(diff('HEAD').status).toBe(0);
    expect(diff('HEAD~1').status).toBe(1);
  });

  it('exits 0 when the ref has no openapi.json yet: nothing existed to break', () => {
    writeFileSync(join(repo, 'README.md'), 'x');
    git('add', 'README.md');
    git('commit', '-q', '-m', 'first');
    writeFileSync(join(repo, 'openapi.json'), JSON.stringify(contract(true)));
    const { status, stdout } = diff('HEAD');
    expect(status).toBe(0);
    expect(stdout).toContain('HEAD has no openapi.json: nothing to compare');
  });

  describe('exits 2 with the usage on', () => {
    beforeEach(() => commitSpec(contract(true)));

    it('a missing ref, extra arguments or an unknown option', () => {
      for (const args of [[], ['HEAD', 'HEAD~1'], ['--base=HEAD']]) {
        const { status, stderr } = diff(...args);
        expect(status).toBe(2);
        expect(stderr).toContain('usage: npm run openapi:diff -- <git-ref>');
      }
    });

    it('a ref that does not exist', () => {
      const { status, stderr } = diff('origin/no-such-branch');
      expect(status).toBe(2);
      expect(stderr).toContain('unknown git ref "origin/no-such-branch"');
    });

    it('a spec that is not JSON, or not OpenAPI 3', () => {
      writeFileSync(join(repo, 'openapi.json'), '{ not json');
      expect(diff('HEAD').stderr).toContain('./openapi.json is not valid JSON');
      writeFileSync(join(repo, 'openapi.json'), '{"swagger": "2.0"}');
      const { status, stderr } = diff('HEAD');
      expect(status).toBe(2);
      expect(stderr).toContain('./openapi.json is not an OpenAPI 3 document');
    });

    it('a missing ./openapi.json', () => {
      rmSync(join(repo, 'openapi.json'));
      const { status, stderr } = diff('HEAD');
      expect(status).toBe(2);
      expect(stderr).toContain('./openapi.json not found (run npm run openapi:export first)');
    });
  });

  it('prints its usage on --help and exits 0', () => {
    const { status, stdout } = diff('--help');
    expect(status).toBe(0);
    expect(stdout).toContain(
      'Exit status: 0 no breaking change, 1 breaking changes, 2 usage error',
    );
  });
});
