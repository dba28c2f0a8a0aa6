import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { newUser, registerUser } from '../factories/user.factory.js';
import { freePort } from '../support/processes.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

/** Polls readiness until it reports `status`, as an orchestrator would. */
function waitForReadiness(api: TestApp, status: number) {
  return waitFor(
    async () => {
      const response = await request(api.server).get('/health/ready');
      return response.status === status && response;
    },
    { description: `readiness ${status}`, intervalMs: 200 },
  );
}

const through = (url: string, proxy: TcpProxy) => {
  const parsed = new URL(url);
  parsed.host = `127.0.0.1:${proxy.port}`;
  return parsed.toString();
};

describe('Health probes', () => {
  let api: TestApp | undefined;
  const proxies: TcpProxy[] = [];

  afterEach(async () => {
    await api?.close();
    api = undefined;
    for (const proxy of proxies.splice(0)) await proxy.cut();
  });

  const proxyTo = async (url: string) => {
    const { hostname, port } = new URL(url);
    const proxy = await new TcpProxy(hostname, Number(port || 6379)).start();
    proxies.push(proxy);
    return proxy;
  };

  it('reports live and ready with per-dependency detail when Postgres and Redis answer', async () => {
    api = await startTestApp();
    await request(api.server).get('/health/live').expect(200, { status: 'ok' });
    // Redis connects in the background after boot; each probe waits at most 1 s per dependency.
    const ready = await waitForReadiness(api, 200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: {
        postgres: { status: 'up', latencyMs: expect.any(Number) },
        redis: { status: 'up', latencyMs: expect.any(Number) },
      },
    });
  });

  it('boots while Redis is unreachable: live 200, ready 503, and users can still sign up', async () => {
    api = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    await request(api.server).get('/health/live').expect(200);
    const ready = await request(api.server).get('/health/ready').expect(503);
    expect(ready.body.status).toBe('unavailable');
    expect(ready.body.checks.postgres.status).toBe('up');
    expect(ready.body.checks.redis).toEqual({ status: 'down', error: expect.any(String) });
    await request(api.server).post('/api/users').send({ user: newUser() }).expect(201);
  });

  it('turns unready while Redis is gone and recovers on its own when it returns', async () => {
    const proxy = await proxyTo(process.env.REDIS_URL!);
    api = await startTestApp({ REDIS_URL: through(process.env.REDIS_URL!, proxy) });
    await waitForReadiness(api, 200);

    await proxy.cut();
    await waitForReadiness(api, 503);
    await request(api.server).get('/health/live').expect(200);

    await proxy.restore();
    await waitForReadiness(api, 200);
  });

  it('answers 503 while Postgres is gone and recovers on its own when it returns', async () => {
    const proxy = await proxyTo(process.env.DATABASE_URL!);
    api = await startTestApp({ DATABASE_URL: through(process.env.DATABASE_URL!, proxy) });
    const user = await registerUser(api.server);
    const login = () =>
      request(api!.server)
        .post('/api/users/login')
        .send({ user: { email: user.email, password: user.password } });

    await proxy.cut();
    const ready = await waitForReadiness(api, 503);
    expect(ready.body.checks.postgres.status).toBe('down');
    const failed = await login();
    expect(failed.status).toBe(503);
    expect(failed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(failed.text).not.toMatch(/ECONN|postgres|terminated|pg/i);

    await proxy.restore();
    await waitForReadiness(api, 200);
    await login().expect(200);
  });
});
