import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { registerUser } from '../factories/user.factory.js';
import { LogCapture } from '../support/log-capture.js';
import { waitForLockWaiter } from '../support/row-locks.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('An unexpected failure in the middle of a request', () => {
  const logs = new LogCapture();
  let api: TestApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const database = new URL(process.env.DATABASE_URL!);
    proxy = await new TcpProxy(database.hostname, Number(database.port || 5432)).start();
    database.host = `127.0.0.1:${proxy.port}`;
    api = await startTestApp({ DATABASE_URL: database.toString() }, logs);
  });
  afterAll(async () => {
    await api.close();
    await proxy.cut();
  });

  it('is logged with the request id and the cause, but without the query values', async () => {
    const user = await registerUser(api.server);
    const newEmail = `moved-${user.email}`;
    // Hold the row so the UPDATE is mid-query when the connection drops.
    const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM users WHERE username = $1 FOR UPDATE', [user.username]);
    const pending = request(api.server)
      .put('/api/user')
      .set('Authorization', `Token ${user.token}`)
      .send({ user: { email: newEmail } });
    const settled = pending.then((response) => response);
    await waitForLockWaiter(locker, 'the UPDATE to wait for the row lock');
    await proxy.cut();
    const failed = await settled;
    await locker.query('ROLLBACK');
    await locker.end();
    await proxy.restore();
    expect(failed.status).toBe(503);

    const requestId = failed.body.requestId as string;
    const errorLine = logs.records.find((line) => line.request_id === requestId && line.err);
    expect(errorLine).toMatchObject({ level: 50, err: { message: expect.any(String) } });
    expect(JSON.stringify(errorLine)).toContain('UPDATE');
    expect(JSON.stringify(errorLine)).not.toContain(newEmail);
    expect(failed.body.detail).not.toMatch(/terminated|ECONN|SELECT/);
  });
});
