import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { connect } from 'node:net';
import { newUser } from '../factories/user.factory.js';
import {
  freePort,
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import { waitForLockWaiter } from '../support/row-locks.js';
import { waitFor } from '../support/wait-for.js';

/** Whether a new TCP connection to the port is refused: the server has stopped accepting. */
const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

/**
 * Holds a row lock on a user from a separate connection, so a request that updates that user
 * stays in flight, deterministically, until the test lets go.
 */
async function lockUserRow(username: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT id FROM users WHERE username = $1 FOR UPDATE', [username]);
  return {
    /** Resolves once a request's UPDATE waits for this lock. */
    waitForRequest: () =>
      waitForLockWaiter(client, `an UPDATE of ${username} to wait for the lock`),
    release: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

describe('API graceful shutdown on SIGTERM', () => {
  let api: RunningProcess | undefined;
  let port: number;
  let base: string;
  afterEach(() => stopProcess(api));
  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
  });

  const start = async (env: Record<string, string>) => {
    api = startProcess('main', { PORT: String(port), HOST: '127.0.0.1', ...env });
    await waitForOutput(api, 'API listening');
  };

  const signUp = async () => {
    const user = newUser();
    const response = await fetch(`${base}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user }),
    });
    expect(response.status).toBe(201);
    return { ...user, token: ((await response.json()) as { user: { token: string } }).user.token };
  };

  const updateBio = (token: string) =>
    fetch(`${base}/api/user`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Token ${token}` },
      body: JSON.stringify({ user: { bio: 'written during shutdown' } }),
    });

  it('turns unready, lets an in-flight request finish, and exits 0', async () => {
    // The real telemetry preload runs here too. The drain delay is the window in which the test
    // must see readiness 503: long enough for a busy machine.
    await start({ SHUTDOWN_DRAIN_DELAY_MS: '2000', OTEL_SDK_DISABLED: 'false' });
    const user = await signUp();
    const lock = await lockUserRow(user.username);
    const inFlight = updateBio(user.token);
    await lock.waitForRequest();

    api!.child.kill('SIGTERM');
    await waitForOutput(api!, 'SIGTERM received');
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'draining' });

    // Past the drain delay the server stops accepting, while the update still waits.
    await waitFor(() => refusesConnections(port), { description: 'the API to stop accepting' });
    expect(api!.child.exitCode).toBeNull();
    await lock.release();

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { bio: 'written during shutdown' } });
    const code = await api!.exited;
    if (code !== 0) console.log(api!.output());
    expect(code).toBe(0);
    expect(api!.output()).toContain('shutdown complete');
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });

  it('exits 1 when work in progress outlasts SHUTDOWN_TIMEOUT_MS', async () => {
    await start({ SHUTDOWN_TIMEOUT_MS: '1500' });
    const user = await signUp();
    const lock = await lockUserRow(user.username);
    const stuck = updateBio(user.token).catch(() => undefined);
    await lock.waitForRequest();

    const signalled = Date.now();
    api!.child.kill('SIGTERM');
    expect(await api!.exited).toBe(1);
    // It waited for the timeout, then gave up (slack for a busy machine; without the timeout it
    // would wait for the lock, which the test holds until after the exit).
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_500);
    expect(Date.now() - signalled).toBeLessThan(1_500 + 10_000);
    expect(api!.output()).toContain('shutdown did not finish within 1500 ms');
    await lock.release();
    await stuck;
  });
});
