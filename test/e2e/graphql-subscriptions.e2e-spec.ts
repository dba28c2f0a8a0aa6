import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type Client, createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import request from 'supertest';
import WebSocket from 'ws';
import { createArticle, newArticle } from '../factories/article.factory.js';
import { newUser, registerUser } from '../factories/user.factory.js';
import {
  freePort,
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor, withDeadline } from '../support/wait-for.js';

const COMMENT_ADDED = `
  subscription CommentAdded($slug: String!) {
    commentAdded(slug: $slug) { id body author { username following } }
  }`;

interface CommentEvent {
  data?: { commentAdded: { id: number; body: string; author: { username: string } } };
}

/** A new user's new article, on an API running as its own process. */
async function articleThroughHttp(base: string): Promise<{ slug: string }> {
  const post = async (path: string, body: object, token?: string) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token && { authorization: `Token ${token}` }),
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return response.json() as Promise<Record<string, { token: string; slug: string }>>;
  };
  const { user } = await post('/api/users', { user: newUser() });
  return (await post('/api/articles', { article: newArticle() }, user.token)).article;
}

/** Listens on a free port, as a real client needs; returns the WebSocket URL of /graphql. */
async function listen(api: TestApp): Promise<string> {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = api.app.getHttpServer().address() as { port: number };
  return `ws://127.0.0.1:${port}/graphql`;
}

describe('GraphQL subscription commentAdded (graphql-ws over Redis pub/sub)', () => {
  const clients: Client[] = [];
  // Redis itself, to see when a subscription has reached it (nothing in the protocol says so).
  const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true });
  // Every app here, in-process or not, takes its key prefix from the run's test environment.
  const subscribers = async (slug: string) => {
    const channel = `${process.env.REDIS_KEY_PREFIX}comment-added:${slug}`;
    const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    return count;
  };
  /** Waits until the subscriptions on an article's channel, as Redis counts them, satisfy `wanted`. */
  const untilSubscribers = (slug: string, wanted: (count: number) => boolean) =>
    waitFor(async () => wanted(await subscribers(slug)), {
      description: `the subscriptions to ${slug} in Redis to change`,
    });

  /** Subscribes to one article's comments; `next()` is the next event (rejects with the error). */
  const watch = (url: string, slug: string) => {
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(client);
    const events = client.iterate<CommentEvent['data']>({
      query: COMMENT_ADDED,
      variables: { slug },
    });
    return {
      next: async () => (await events.next()).value as CommentEvent | undefined,
      stop: async () => {
        await events.return?.();
      },
    };
  };

  const disposeClients = async () => {
    for (const client of clients.splice(0)) await client.dispose();
  };

  const comment = (api: TestApp, token: string, slug: string, body: string, key?: string) => {
    const call = request(api.server)
      .post(`/api/articles/${slug}/comments`)
      .set('Authorization', `Token ${token}`);
    if (key) void call.set('Idempotency-Key', key);
    return call.send({ comment: { body } }).expect(201);
  };

  beforeAll(() => redis.connect());
  afterAll(async () => {
    await disposeClients();
    redis.disconnect();
  });

  // First: closing an app whose Redis is down leaves ioredis' 2 s socket-close timers behind, and
  // they should run out while the other tests run rather than delay jest's exit.
  describe('when Redis is unreachable', () => {
    let api: TestApp | undefined;
    let proxy: TcpProxy | undefined;
    afterEach(async () => {
      await disposeClients();
      await api?.close();
      await proxy?.cut();
      api = undefined;
      proxy = undefined;
    });

    it('keeps serving, refuses subscriptions with SERVICE_UNAVAILABLE, still takes comments', async () => {
      api = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
      const url = await listen(api);
      const author = await registerUser(api.server);
      const { slug } = await createArticle(api.server, author.token);

      const watcher = watch(url, slug);
      await expect(withDeadline(watcher.next(), { description: 'the next event' })).rejects.toEqual(
        [
          expect.objectContaining({
            extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }),
          }),
        ],
      );
      await comment(api, author.token, slug, 'Nobody is listening');
      const query = await request(api.server)
        .post('/graphql')
        .send({
          query: `query ($slug: String!) { comments(slug: $slug) { body } }`,
          variables: { slug },
        })
        .expect(200);
      expect(query.body.data.comments).toEqual([{ body: 'Nobody is listening' }]);
    });

    it('resumes delivery to an open subscription once Redis is back', async () => {
      const target = new URL(process.env.REDIS_URL!);
      proxy = await new TcpProxy(target.hostname, Number(target.port || 6379)).start();
      const proxied = new URL(target);
      proxied.host = `127.0.0.1:${proxy.port}`;
      api = await startTestApp({ REDIS_URL: proxied.toString() });
      const url = await listen(api);
      const author = await registerUser(api.server);
      const { slug } = await createArticle(api.server, author.token);
      const watcher = watch(url, slug);
      await untilSubscribers(slug, (count) => count >= 1);

      await proxy.cut();
      await untilSubscribers(slug, (count) => count === 0);
      await comment(api, author.token, slug, 'During the outage'); // lost, but the write succeeds
      await proxy.restore();
      await untilSubscribers(slug, (count) => count >= 1);

      // The publishing connection may reconnect a moment after the subscribing one: post until heard.
      const next = watcher.next();
      let attempt = 0;
      const heard = await waitFor(
        async () => {
          await comment(api!, author.token, slug, `After the outage ${(attempt += 1)}`);
          return withDeadline(next, { description: 'the comment', timeoutMs: 500 });
        },
        { description: 'a comment posted after the outage to reach the subscriber', intervalMs: 0 },
      );
      expect(heard?.data?.commentAdded.body).toMatch(/^After the outage/);
    });
  });

  describe('with two API instances on the same Redis', () => {
    let a: TestApp;
    let b: TestApp;
    let urlA: string;
    let urlB: string;
    beforeAll(async () => {
      [a, b] = await Promise.all([startTestApp(), startTestApp()]);
      [urlA, urlB] = await Promise.all([listen(a), listen(b)]);
    });
    afterAll(async () => {
      await disposeClients();
      await Promise.all([a?.close(), b?.close()]);
    });

    it('delivers a comment posted through REST on instance B to a subscriber on instance A', async () => {
      const [author, reader] = [await registerUser(b.server), await registerUser(b.server)];
      const { slug } = await createArticle(b.server, author.token);
      const watcher = watch(urlA, slug);
      await untilSubscribers(slug, (count) => count >= 1);

      const { body } = await comment(b, reader.token, slug, 'Live from B');

      const event = await withDeadline(watcher.next(), { description: 'the next event' });
      expect(event).toEqual({
        data: {
          commentAdded: {
            id: body.comment.id,
            body: 'Live from B',
            author: { username: reader.username, following: false },
          },
        },
      });
      await watcher.stop();
    });

    it('delivers a comment added with the addComment mutation on the same instance', async () => {
      const author = await registerUser(a.server);
      const { slug } = await createArticle(a.server, author.token);
      const watcher = watch(urlA, slug);
      await untilSubscribers(slug, (count) => count >= 1);

      const mutation = await request(a.server)
        .post('/graphql')
        .set('Authorization', `Token ${author.token}`)
        .send({
          query: `mutation ($slug: String!) { addComment(slug: $slug, input: { body: "Same instance" }) { id } }`,
          variables: { slug },
        })
        .expect(200);

      const event = await withDeadline(watcher.next(), { description: 'the next event' });
      expect(event).toMatchObject({
        data: {
          commentAdded: {
            id: mutation.body.data.addComment.id,
            body: 'Same instance',
            author: { username: author.username },
          },
        },
      });
      await watcher.stop();
    });

    it('does not deliver comments on another article', async () => {
      const author = await registerUser(b.server);
      const [watched, other] = [
        await createArticle(b.server, author.token),
        await createArticle(b.server, author.token),
      ];
      const watcher = watch(urlA, watched.slug);
      const otherWatcher = watch(urlB, other.slug);
      await untilSubscribers(watched.slug, (count) => count >= 1);
      await untilSubscribers(other.slug, (count) => count >= 1);

      await comment(b, author.token, other.slug, 'Not for the watched article');
      await withDeadline(otherWatcher.next(), { description: 'the next event' });
      await comment(b, author.token, watched.slug, 'For the watched article');

      // Both went through the same Redis connection in order: a leak would have come first.
      const event = await withDeadline(watcher.next(), { description: 'the next event' });
      expect(event?.data?.commentAdded.body).toBe('For the watched article');
      await Promise.all([watcher.stop(), otherWatcher.stop()]);
    });

    it('does not announce an idempotent replay again', async () => {
      const author = await registerUser(a.server);
      const { slug } = await createArticle(a.server, author.token);
      const watcher = watch(urlA, slug);
      await untilSubscribers(slug, (count) => count >= 1);

      await comment(b, author.token, slug, 'Once', 'replayed-key');
      const replay = await comment(b, author.token, slug, 'Once', 'replayed-key');
      expect(replay.headers['idempotent-replayed']).toBe('true');
      await comment(b, author.token, slug, 'Next');

      const first = await withDeadline(watcher.next(), { description: 'the next event' });
      const second = await withDeadline(watcher.next(), { description: 'the next event' });
      expect([first, second].map((e) => e?.data?.commentAdded.body)).toEqual(['Once', 'Next']);
      await watcher.stop();
    });

    it('answers an unknown slug with NOT_FOUND', async () => {
      const watcher = watch(urlA, 'no-such-article');
      await expect(withDeadline(watcher.next(), { description: 'the next event' })).rejects.toEqual(
        [
          expect.objectContaining({
            message: 'article "no-such-article" not found',
            extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
          }),
        ],
      );
    });
    it('validates the document as POST /graphql does: unknown fields, depth limit', async () => {
      const author = await registerUser(a.server);
      const { slug } = await createArticle(a.server, author.token);
      const refusal = (query: string) => {
        const client = createClient({ url: urlA, webSocketImpl: WebSocket, retryAttempts: 0 });
        clients.push(client);
        return withDeadline(client.iterate({ query, variables: { slug } }).next(), {
          description: 'the refusal',
        });
      };
      await expect(
        refusal('subscription ($slug: String!) { commentAdded(slug: $slug) { id secret } }'),
      ).rejects.toEqual([
        expect.objectContaining({
          message: expect.stringContaining('Cannot query field "secret"'),
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
      const deep = `${'author { articles { '.repeat(6)}slug${' } }'.repeat(6)}`;
      await expect(
        refusal(`subscription ($slug: String!) { commentAdded(slug: $slug) { ${deep} } }`),
      ).rejects.toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP' }),
        }),
      ]);
    });
  });

  describe('the API process on SIGTERM', () => {
    let api: RunningProcess | undefined;
    afterEach(async () => {
      await disposeClients();
      await stopProcess(api);
      api = undefined;
    });

    const start = async (env: Record<string, string> = {}) => {
      const port = await freePort();
      api = startProcess('main', { PORT: String(port), HOST: '127.0.0.1', ...env });
      await waitForOutput(api, 'API listening');
      const { slug } = await articleThroughHttp(`http://127.0.0.1:${port}`);
      return { slug, watcher: watch(`ws://127.0.0.1:${port}/graphql`, slug) };
    };
    const exitCodeAfterSigterm = async (proc: RunningProcess) => {
      proc.child.kill('SIGTERM');
      const code = await withDeadline(proc.exited, { description: 'the API to exit' });
      if (code !== 0) console.log(proc.output());
      return code;
    };

    it('ends open subscriptions and exits 0', async () => {
      const { slug, watcher } = await start();
      await untilSubscribers(slug, (count) => count >= 1);
      const ended = watcher.next().then(
        (event) => ({ event }),
        (error: unknown) => ({ error }),
      );

      expect(await exitCodeAfterSigterm(api!)).toBe(0);
      // The server closes the socket: the client sees a close (and would reconnect), not a hang.
      expect(await withDeadline(ended, { description: 'the subscription to end' })).toMatchObject({
        error: { code: expect.any(Number) },
      });
      expect(await subscribers(slug)).toBe(0);
    });

    it('exits 0 when Redis has been down all along', async () => {
      const { watcher } = await start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
      await expect(withDeadline(watcher.next(), { description: 'the refusal' })).rejects.toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }),
        }),
      ]);
      expect(await exitCodeAfterSigterm(api!)).toBe(0);
    });
  });
});
