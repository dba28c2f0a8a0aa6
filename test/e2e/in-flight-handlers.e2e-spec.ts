import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { registerUser } from '../factories/user.factory.js';
import { InFlightRequests } from '../../src/platform/lifecycle/in-flight-requests.js';
import { waitForLockWaiter } from '../support/row-locks.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Shutdown closes the pools only once no handler runs (main.ts waits for InFlightRequests),
 * and a handler may outlive its client: the count must follow the handler, not the socket.
 */
describe('handlers in flight', () => {
  let api: TestApp;
  let base: string;
  beforeAll(async () => {
    api = await startTestApp();
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  });
  afterAll(() => api.close());

  it('are counted until they finish, after their client has hung up', async () => {
    const inFlight = api.app.get(InFlightRequests);
    await inFlight.idle();
    const user = await registerUser(api.server);
    // A row lock from another session holds the update mid-query for as long as the test wants.
    const holder = new pg.Client({ connectionString: api.config.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM users WHERE username = $1 FOR UPDATE', [user.username]);
      // The server's side of the update's connection (the only request sent meanwhile).
      let updateSocket: Socket | undefined;
      api.server.once('request', (request: IncomingMessage) => (updateSocket = request.socket));
      const client = new AbortController();
      const update = fetch(`${base}/api/user`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Token ${user.token}` },
        body: JSON.stringify({ user: { bio: 'written after the client left' } }),
        signal: client.signal,
      }).catch((error: unknown) => error);
      await waitForLockWaiter(holder, 'the update to wait for the lock');
      client.abort();
      expect(await update).toMatchObject({ name: 'AbortError' });

      // Once the server's socket is closed, a count that followed the socket would be zero;
      // the handler cannot finish while the lock is held, so this one must still hold it.
      await waitFor(() => updateSocket?.destroyed === true, {
        description: "the server to close the update's socket",
      });
      let idle = false;
      void inFlight.idle().then(() => (idle = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(idle).toBe(false);

      await holder.query('COMMIT');
      await waitFor(() => idle, { description: 'the count to drop once the handler finished' });
      const { rows } = await holder.query<{ bio: string }>(
        'SELECT bio FROM users WHERE username = $1',
        [user.username],
      );
      expect(rows[0].bio).toBe('written after the client left');
    } finally {
      await holder.end();
    }
  });

  it('drop to zero after answers, errors and unknown routes alike', async () => {
    const answers = await Promise.all([
      fetch(`${base}/api/tags`),
      fetch(`${base}/api/user`),
      fetch(`${base}/api/nothing-here`),
      fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ tags }' }),
      }),
    ]);
    expect(answers.map((response) => response.status)).toEqual([200, 401, 404, 200]);
    let idle = false;
    void api.app
      .get(InFlightRequests)
      .idle()
      .then(() => (idle = true));
    await waitFor(() => idle, { description: 'no handler left running' });
  });
});
