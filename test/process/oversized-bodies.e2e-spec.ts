import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { newUser } from '../factories/user.factory.js';
import {
  freePort,
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import { expectProblem, expectSecurityHeaders, rawExchange } from '../support/raw-http.js';
import { waitFor } from '../support/wait-for.js';

const CURL = '/usr/bin/curl';
const TRIES = 50;
const AT_ONCE = 5;
const BODY_BYTES = 6 * 1024 * 1024;

/** TRIES runs of `attempt`, AT_ONCE at a time (each on its own connection). */
async function inBatches(attempt: () => Promise<string>): Promise<string[]> {
  const outcomes: string[] = [];
  for (let done = 0; done < TRIES; done += AT_ONCE) {
    outcomes.push(...(await Promise.all(Array.from({ length: AT_ONCE }, attempt))));
  }
  return outcomes;
}

const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * A body over the limit used to be answered 413 while its bytes were still arriving; the
 * connection then closed with unread bytes, the kernel reset it, and clients often got an
 * error instead of the 413. The API runs as its own process, as the clients meet it.
 */
describe('Oversized bodies: the 413 reaches the client', () => {
  let api: RunningProcess | undefined;
  let port: number;
  let token: string;
  let dir: string;
  const body = `{"article":{"title":"${'x'.repeat(BODY_BYTES)}"}}`;

  beforeAll(async () => {
    port = await freePort();
    api = startProcess('main', {
      PORT: String(port),
      HOST: '127.0.0.1',
      IMAGE_MAX_BYTES: String(IMAGE_MAX_BYTES),
    });
    await waitForOutput(api, 'API listening', 60_000);
    const signUp = await fetch(`http://127.0.0.1:${port}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: newUser() }),
    });
    token = ((await signUp.json()) as { user: { token: string } }).user.token;
    dir = mkdtempSync(join(tmpdir(), 'oversized-'));
    writeFileSync(join(dir, 'body.json'), body);
  }, 90_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stopProcess(api);
  });

  const articles = () => `http://127.0.0.1:${port}/api/articles`;

  it(`reaches Node's fetch in ${TRIES} of ${TRIES} tries`, async () => {
    const outcomes = await inBatches(async () => {
      try {
        const response = await fetch(articles(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Token ${token}` },
          body,
        });
        await response.arrayBuffer();
        return String(response.status);
      } catch (error) {
        return String((error as { cause?: { code?: string } }).cause?.code ?? error);
      }
    });
    expect(outcomes.filter((outcome) => outcome !== '413')).toEqual([]);
  }, 120_000);

  it(`reaches curl in ${TRIES} of ${TRIES} tries (it sends Expect: 100-continue)`, async () => {
    if (!existsSync(CURL)) throw new Error(`${CURL} is needed by this test`);
    const outcomes = await inBatches(async () => {
      const { stdout } = await promisify(execFile)(CURL, [
        ...['--silent', '--output', '/dev/null', '--write-out', '%{http_code}'],
        ...['-H', 'content-type: application/json', '-H', `authorization: Token ${token}`],
        ...['--data-binary', `@${join(dir, 'body.json')}`, articles()],
      ]).catch((error: { code?: number; stdout?: string }) => ({
        stdout: `curl exit ${error.code}, ${error.stdout}`,
      }));
      return stdout;
    });
    expect(outcomes.filter((outcome) => outcome !== '413')).toEqual([]);
  }, 120_000);

  it('refuses an oversized Expect: 100-continue request before sending 100 Continue', async () => {
    const exchange = await rawExchange(
      port,
      'POST /api/articles HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${BODY_BYTES}\r\nExpect: 100-continue\r\n\r\n`,
    );
    expect(exchange.text).not.toContain('100 Continue');
    expect(exchange.ended).toBe('closed');
    const response = exchange.response!;
    expectSecurityHeaders(response.headers);
    expectProblem(response, JSON.parse(response.body), 413);
  });

  it('refuses an upload over IMAGE_MAX_BYTES before 100 Continue, with its own limit', async () => {
    const exchange = await rawExchange(
      port,
      'PUT /api/user/image HTTP/1.1\r\nHost: localhost\r\n' +
        'Content-Type: multipart/form-data; boundary=x\r\n' +
        `Content-Length: ${IMAGE_MAX_BYTES + 1024 * 1024}\r\nExpect: 100-continue\r\n\r\n`,
    );
    expect(exchange.text).not.toContain('100 Continue');
    const response = exchange.response!;
    expectProblem(response, JSON.parse(response.body), 413, 'IMAGE_TOO_LARGE');
  });

  it.each([
    ['a JSON route, within BODY_LIMIT_BYTES', 'POST /api/articles', 'application/json', 1_000],
    [
      'an upload route, over BODY_LIMIT_BYTES',
      'PUT /api/user/image',
      'multipart/form-data',
      2_000_000,
    ],
  ])('sends 100 Continue to %s', async (_case, route, type, length) => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.write(
      `${route} HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${type}; boundary=x\r\n` +
        `Content-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await waitFor(() => received.includes('\r\n\r\n'), {
      description: `the interim answer to ${route}`,
      intervalMs: 20,
    }).finally(() => socket.destroy());
    expect(received).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
  });
});
