import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import newman, { type NewmanRunOptions, type NewmanRunSummary } from 'newman';
import { newUser } from '../factories/user.factory.js';
import {
  freePort,
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';

/**
 * The official RealWorld Postman collection (unmodified, see README.md here), run with newman
 * against the built API started as a real process: the contract any RealWorld client relies on.
 */
const collection = JSON.parse(
  readFileSync(new URL('./Conduit.postman_collection.json', import.meta.url), 'utf8'),
) as NewmanRunOptions['collection'];

/** Runs the collection without reporters, so nothing reaches jest's output. */
function runCollection(apiUrl: string): Promise<NewmanRunSummary> {
  const user = newUser();
  const globalVar = [
    { key: 'APIURL', value: apiUrl },
    { key: 'USERNAME', value: user.username },
    { key: 'EMAIL', value: user.email },
    { key: 'PASSWORD', value: user.password },
  ];
  return new Promise((resolve, reject) => {
    newman.run({ collection, globalVar, timeoutRequest: 10_000 }, (error, summary) =>
      error ? reject(error) : resolve(summary),
    );
  });
}

interface Named {
  name?: string;
  parent?: () => Named | undefined;
}

/** The folder an item sits in; the collection itself is not a folder. */
function folderOf(item: Named | undefined): string | undefined {
  const parent = item?.parent?.();
  return parent?.parent?.() ? parent.name : undefined;
}

/** "Folder / Request", since request names repeat across folders. */
function requestName(item: Named | undefined): string {
  const folder = folderOf(item);
  const name = item?.name ?? '(collection)';
  return folder ? `${folder} / ${name}` : name;
}

/** One line per failed assertion, script error or request error. */
function failureLines(summary: NewmanRunSummary): string[] {
  const statusOf = new Map<unknown, number | undefined>(
    summary.run.executions.map((execution) => [execution.item, execution.response?.code]),
  );
  return summary.run.failures.map(({ error, source, at }) => {
    const status = statusOf.get(source);
    const request = `${requestName(source)}${status ? ` (HTTP ${status})` : ''}`;
    const what = error.test ?? `${error.name} in ${at}`;
    return `${request}: ${what}: ${error.message}`;
  });
}

/** Passed/total assertions per folder, e.g. "Auth 24/24". */
function folderTotals(summary: NewmanRunSummary): string {
  const totals = new Map<string, { passed: number; total: number }>();
  for (const { item, assertions = [] } of summary.run.executions) {
    const folder = folderOf(item) ?? '(root)';
    const entry = totals.get(folder) ?? { passed: 0, total: 0 };
    entry.total += assertions.length;
    entry.passed += assertions.filter((assertion) => !assertion.error).length;
    totals.set(folder, entry);
  }
  return [...totals]
    .map(([folder, { passed, total }]) => `${folder} ${passed}/${total}`)
    .join(', ');
}

/**
 * Every request in the collection is a happy-path call, yet some (the deletes) assert nothing and
 * others check their body only: this lists each request that did not get a 2xx, with the body.
 */
function non2xxLines(summary: NewmanRunSummary): string[] {
  return summary.run.executions
    .filter(({ response }) => !(response?.code >= 200 && response.code < 300))
    .map(({ item, request, response }) => {
      const call = `${request.method} ${request.url.getPathWithQuery()}`;
      const body = (response?.text() ?? '').replace(/\s+/g, ' ').slice(0, 200);
      const outcome = response ? `${response.code} ${body}` : 'no response';
      return `${requestName(item)}: ${call} -> ${outcome}`;
    });
}

describe('RealWorld conformance: the official Postman collection against the built API', () => {
  let api: RunningProcess | undefined;
  let summary: NewmanRunSummary;
  afterAll(() => stopProcess(api));

  beforeAll(async () => {
    const port = await freePort();
    api = startProcess('main', { PORT: String(port), HOST: '127.0.0.1' });
    await waitForOutput(api, 'API listening');
    summary = await runCollection(`http://127.0.0.1:${port}/api`);
  });

  it('passes every assertion, with no request or script errors', () => {
    const { stats } = summary.run;
    const failures = failureLines(summary);
    if (failures.length > 0) {
      throw new Error(
        `${failures.length} failure(s) in the RealWorld collection ` +
          `(assertions passed per folder: ${folderTotals(summary)}):\n` +
          failures.map((line) => `  - ${line}`).join('\n'),
      );
    }
    // Guards against a run that silently executed nothing: the collection holds 32 requests.
    expect(stats.requests.total).toBe(32);
    expect(stats.assertions.total).toBeGreaterThan(0);
    expect(stats.assertions.failed).toBe(0);
    expect(stats.requests.failed).toBe(0);
  });

  it('answers every request of the collection with a 2xx status', () => {
    const lines = non2xxLines(summary);
    if (lines.length > 0) {
      throw new Error(
        `${lines.length} request(s) of the RealWorld collection did not get a 2xx:\n` +
          lines.map((line) => `  - ${line}`).join('\n'),
      );
    }
  });

  it('leaves an API that exits 0 on SIGTERM', async () => {
    if (!api) throw new Error('the API did not start');
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
  });
});
