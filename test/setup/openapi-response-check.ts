// Every REST response a test receives through supertest is checked against the committed
// openapi.json (see test/support/openapi/openapi-contract.ts): a new test is covered without
// extra code, and a response the document does not describe fails the test that got it.
// The (operation, status) pairs seen are written to test-results/openapi-coverage/.
import { afterAll } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { Test } from 'supertest';
import { COVERAGE_DIR } from '../support/openapi/coverage-files.js';
import { OpenApiContract } from '../support/openapi/openapi-contract.js';

const contract = new OpenApiContract();
const seen = new Set<string>();

type Assert = (
  error: Error | null,
  res: Response | undefined,
  fn?: (...args: unknown[]) => void,
) => void;
const prototype = Test.prototype as unknown as { assert: Assert; method: string; url: string };
const originalAssert = prototype.assert;

prototype.assert = function checkAgainstContract(this: typeof prototype, error, res, fn) {
  if (res) {
    const verdict = contract.check({
      method: this.method,
      path: new URL(this.url).pathname,
      status: res.status,
      headers: res.headers,
      body: res.body,
      hasBody: this.method !== 'HEAD',
    });
    if (verdict.pair) seen.add(verdict.pair);
    if (verdict.problems.length > 0) {
      const where = `${this.method} ${new URL(this.url).pathname} -> ${res.status}`;
      const failure = new Error(
        `response does not match openapi.json (${where}):\n  ${verdict.problems.join('\n  ')}`,
      );
      fn?.(failure, res);
      return;
    }
  }
  originalAssert.call(this, error, res, fn);
};

afterAll(() => {
  if (seen.size === 0) return;
  mkdirSync(COVERAGE_DIR, { recursive: true });
  const file = join(
    COVERAGE_DIR,
    `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
  );
  writeFileSync(file, JSON.stringify([...seen]));
});
