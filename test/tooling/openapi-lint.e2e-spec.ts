import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The rules of redocly.yaml, applied to small documents with the same CLI and config as
// `npm run openapi:lint` (which lints ./openapi.json).
const ok = {
  description: 'the tags',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Tags' } } },
};
const problem = {
  description: 'problem details',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        properties: { type: { type: 'string' }, title: { type: 'string' } },
      },
    },
  },
};

function document(overrides: { operation?: object; schemas?: object } = {}): object {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Lint fixture',
      version: '1',
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    },
    servers: [{ url: 'https://conduit.test/api' }],
    security: [],
    tags: [{ name: 'tags', description: 'Tags' }],
    paths: {
      '/tags': {
        get: {
          operationId: 'listTags',
          summary: 'List tags',
          tags: ['tags'],
          responses: { '200': ok, '429': problem },
          ...overrides.operation,
        },
      },
    },
    components: {
      schemas: {
        Tags: {
          type: 'object',
          properties: { tags: { type: 'array', items: { type: 'string' } } },
        },
        ...overrides.schemas,
      },
    },
  };
}

const broken = {
  'no-operation-id': document({ operation: { operationId: undefined } }),
  'no-4xx': document({ operation: { responses: { '200': ok } } }),
  'plain-json-4xx': document({
    operation: {
      responses: {
        '200': ok,
        '429': { ...problem, content: { 'application/json': { schema: {} } } },
      },
    },
  }),
  'unused-component': document({ schemas: { Orphan: { type: 'object' } } }),
};

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  location: { source: { ref: string } }[];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lints the documents in one run (a run takes seconds); returns its exit status and problems. */
function lint(docs: Record<string, object>): { status: number | null; problems: Problem[] } {
  const files = Object.entries(docs).map(([name, doc]) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(doc, null, 2));
    return file;
  });
  const cli = resolve('node_modules/@redocly/cli/bin/cli.js');
  const result = spawnSync(
    process.execPath,
    [cli, 'lint', '--config', resolve('redocly.yaml'), '--format=json', ...files],
    {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  // One pretty-printed JSON report per file, written back to back: "}{" starts a line only there.
  const reports = JSON.parse(`[${result.stdout.trim().replace(/^}{/gm, '},{')}]`) as {
    problems: Problem[];
  }[];
  return { status: result.status, problems: reports.flatMap((r) => r.problems) };
}

/** "rule-id (severity)" for each problem found in the named document. */
function problemsOf(problems: Problem[], name: string): string[] {
  return problems
    .filter((p) => p.location[0]?.source.ref.endsWith(`${name}.json`))
    .map((p) => `${p.ruleId} (${p.severity})`);
}

describe('npm run openapi:lint rules (redocly.yaml)', () => {
  it('passes a document that follows the contract rules, with no warning', () => {
    expect(lint({ valid: document() })).toEqual({ status: 0, problems: [] });
  });

  describe('fails', () => {
    let run: { status: number | null; problems: Problem[] };
    beforeAll(() => {
      run = lint(broken);
    });

    it('with exit status 1', () => {
      expect(run.status).toBe(1);
    });

    it('an operation without operationId', () => {
      expect(problemsOf(run.problems, 'no-operation-id')).toEqual([
        'operation-operationId (error)',
      ]);
    });

    it('an operation that documents no 4xx response', () => {
      expect(problemsOf(run.problems, 'no-4xx')).toEqual(['operation-4xx-response (error)']);
    });

    it('a 4xx response that is not application/problem+json', () => {
      expect(problemsOf(run.problems, 'plain-json-4xx')).toEqual([
        'operation-4xx-problem-details-rfc7807 (error)',
      ]);
    });

    it('a component that nothing references', () => {
      expect(problemsOf(run.problems, 'unused-component')).toEqual([
        'no-unused-components (error)',
      ]);
    });
  });
});
