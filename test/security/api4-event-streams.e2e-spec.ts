import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { newUser } from '../factories/user.factory.js';
import { jpeg } from '../support/images.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import { countQueries } from '../support/query-counter.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const MAX_STREAMS = 3;

interface Account {
  token: string;
  refreshToken: string;
  jobId: string;
}

interface OpenStream {
  status: number;
  headers: Headers;
  text(): string;
  ended(): boolean;
  close(): Promise<void>;
}

/** A new account with one queued avatar job (no worker runs here, so it stays queued). */
async function signUpWithJob(origin: string): Promise<Account> {
  const user = newUser();
  const registered = await fetch(`${origin}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  const { token, refreshToken } = ((await registered.json()) as { user: Account }).user;
  const form = new FormData();
  form.append('image', new Blob([await jpeg(64, 48)], { type: 'image/jpeg' }), 'a.jpg');
  const uploaded = await fetch(`${origin}/api/user/image`, {
    method: 'PUT',
    headers: { authorization: `Token ${token}` },
    body: form,
  });
  expect(uploaded.status).toBe(202);
  const { job } = (await uploaded.json()) as { job: { id: string } };
  return { token, refreshToken, jobId: job.id };
}

/** Opens a job's event stream and reads it in the background until it ends or is closed. */
async function readEventStream(url: string, token: string): Promise<OpenStream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Token ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  let text = '';
  let ended = false;
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      // aborted by close()
    }
    ended = true;
  })();
  return {
    status: response.status,
    headers: response.headers,
    text: () => text,
    ended: () => ended,
    close: async () => {
      abort.abort();
      await pump;
    },
  };
}

/*
 * No worker runs on this file's database and Redis prefix: every job stays queued, so a stream
 * stays open until the test, the session or the cap ends it.
 */
describe('API4 Unrestricted Resource Consumption: job event streams', () => {
  let backends: IsolatedBackends;
  let api: TestApp;
  let origin: string;
  const open: OpenStream[] = [];

  beforeAll(async () => {
    backends = await isolatedBackends('event_streams');
    api = await startTestApp({
      ...backends.env,
      SSE_MAX_STREAMS_PER_USER: String(MAX_STREAMS),
      // Account deletion is found by this Postgres check; short, so the test ends soon.
      SSE_SESSION_CHECK_MS: '300',
    });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await Promise.all(open.map((stream) => stream.close()));
    await api?.close();
    await backends?.drop();
  });

  /** Opens the job's event stream and reads it in the background; for 200, after its first event. */
  async function stream(account: Account): Promise<OpenStream> {
    const handle = await readEventStream(
      `${origin}/api/jobs/${account.jobId}/events`,
      account.token,
    );
    open.push(handle);
    if (handle.status === 200) {
      await waitFor(() => handle.text().includes('event: queued') || handle.ended(), {
        description: 'the first event of the stream',
      });
    }
    return handle;
  }

  const post = (path: string, token: string | undefined, body: unknown) =>
    fetch(`${origin}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Token ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });

  it('refuses one stream over the per-user cap with 429 and Retry-After (attack: 100 streams from one account)', async () => {
    const attacker = await signUpWithJob(origin);
    const streams: OpenStream[] = [];
    for (let i = 0; i < MAX_STREAMS; i++) streams.push(await stream(attacker));
    expect(streams.map((s) => s.status)).toEqual(Array(MAX_STREAMS).fill(200));

    const refused = await stream(attacker);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await waitFor(() => refused.ended(), { description: 'the 429 body' });
    expect(JSON.parse(refused.text())).toMatchObject({ status: 429, code: 'JOB_STREAMS_LIMIT' });
    // The streams already open are not disturbed, and another user is not affected.
    expect(streams.some((s) => s.ended())).toBe(false);
    expect((await stream(await signUpWithJob(origin))).status).toBe(200);

    // A closed stream frees its place.
    await streams[0].close();
    await waitFor(async () => (await stream(attacker)).status === 200, {
      description: 'a stream to be accepted again after one closed',
    });
  });

  it('reads no job from Postgres while Redis is up, however long the streams stay open', async () => {
    const watcher = await signUpWithJob(origin);
    const others = [
      await signUpWithJob(origin),
      await signUpWithJob(origin),
      await signUpWithJob(origin),
    ];
    const { sql } = await countQueries(async () => {
      const streams = [await stream(watcher), await stream(watcher)];
      // Time passes by conditions, not sleeps: each logout below is seen by a session check,
      // which runs every 2 s, the interval at which every stream used to re-read its job.
      for (const other of others) {
        const otherStream = await stream(other);
        expect((await post('/api/users/logout', other.token, {})).status).toBe(204);
        await waitFor(() => otherStream.ended(), { description: 'a logged-out stream to end' });
      }
      expect(streams.some((s) => s.ended())).toBe(false);
    });
    // Only the reads that open a stream (the owner check, the first event): two per stream.
    const jobReads = sql.filter((statement) => /FROM image_jobs WHERE id = \$1/.test(statement));
    expect(jobReads).toHaveLength(2 * (2 + others.length));
  });

  it('ends the stream when its session is logged out', async () => {
    const account = await signUpWithJob(origin);
    const events = await stream(account);
    expect(
      (await post('/api/users/logout', undefined, { refreshToken: account.refreshToken })).status,
    ).toBe(204);
    await waitFor(() => events.ended(), {
      description: 'the stream of a logged-out session to end',
    });
  });

  it('ends the stream when its session is revoked for refresh-token reuse', async () => {
    const account = await signUpWithJob(origin);
    const events = await stream(account);
    const body = { refreshToken: account.refreshToken };
    expect((await post('/api/users/refresh', undefined, body)).status).toBe(200);
    // The same refresh token again: it leaked, so the whole session ends.
    expect((await post('/api/users/refresh', undefined, body)).status).toBe(401);
    await waitFor(() => events.ended(), { description: 'the stream of a revoked session to end' });
  });

  it('ends the stream when its account is deleted', async () => {
    const account = await signUpWithJob(origin);
    const events = await stream(account);
    const { sub } = JSON.parse(
      Buffer.from(account.token.split('.')[1], 'base64url').toString('utf8'),
    ) as { sub: string };
    await api.app.get(DataSource).query('DELETE FROM users WHERE id = $1', [sub]);
    await waitFor(() => events.ended(), { description: 'the stream of a deleted account to end' });
  });
});

describe('API4 Unrestricted Resource Consumption: job event streams while Redis is down', () => {
  let backends: IsolatedBackends;
  let proxy: TcpProxy;
  let api: TestApp;
  let origin: string;

  beforeAll(async () => {
    backends = await isolatedBackends('event_streams_outage');
    const redis = new URL(process.env.REDIS_URL!);
    proxy = await new TcpProxy(redis.hostname, Number(redis.port || 6379)).start();
    redis.host = `127.0.0.1:${proxy.port}`;
    api = await startTestApp({ ...backends.env, REDIS_URL: redis.toString() });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    await waitFor(async () => (await fetch(`${origin}/health/ready`)).status === 200, {
      description: 'the API to reach Redis through the proxy',
    });
  });
  afterAll(async () => {
    await api?.close();
    await proxy?.cut();
    await backends?.drop();
  });

  it('falls back to reading the job from Postgres, so a change still reaches the stream', async () => {
    const { token, jobId } = await signUpWithJob(origin);
    const events = await readEventStream(`${origin}/api/jobs/${jobId}/events`, token);
    expect(events.status).toBe(200);
    try {
      await waitFor(() => events.text().includes('event: queued'), {
        description: 'the first event',
      });
      await proxy.cut();
      await waitFor(async () => (await fetch(`${origin}/health/ready`)).status === 503, {
        description: 'the API to notice Redis is gone',
      });
      // A change no queue event can announce: only a read of Postgres can find it.
      await api.app
        .get(DataSource)
        .query(`UPDATE image_jobs SET state = 'active', progress = 50 WHERE id = $1`, [jobId]);
      await waitFor(() => events.text().includes('event: active'), {
        description: 'the change to reach the stream by polling',
      });
    } finally {
      await events.close();
      await proxy.restore();
      await waitFor(async () => (await fetch(`${origin}/health/ready`)).status === 200, {
        description: 'the API to reach Redis again',
      });
    }
  });
});
