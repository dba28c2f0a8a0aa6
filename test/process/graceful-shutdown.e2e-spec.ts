import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { newUser } from '../factories/user.factory.js';
import {
  freePort,
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
    // The real telemetry preload runs here too.
    await start({ SHUTDOWN_DRAIN_DELAY_MS: '500', OTEL_SDK_DISABLED: 'false' });
    const user = await signUp();
    const lock = await lockUserRow(user.username);
    const inFlight = updateBio(user.token);
    await sleep(300);

    api!.child.kill('SIGTERM');
    await waitForOutput(api!, 'SIGTERM received');
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'draining' });

    await sleep(800); // past the drain delay: the server is closing while the update waits
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
    await sleep(200);

    const signalled = Date.now();
    api!.child.kill('SIGTERM');
    expect(await api!.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(4_000);
    expect(api!.output()).toContain('shutdown did not finish within 1500 ms');
    await lock.release();
    await stuck;
  });
});
