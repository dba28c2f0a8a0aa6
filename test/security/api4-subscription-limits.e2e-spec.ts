import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type Client, createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import request from 'supertest';
import WebSocket from 'ws';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor, withDeadline } from '../support/wait-for.js';
import { startIsolatedApp } from './isolated-app.js';

/*
 * API4 Unrestricted Resource Consumption, over WebSocket. The attack (issue 12, finding 2): one
 * anonymous connection sent 5,000 `subscribe` messages; every one became a live subscription
 * (a Postgres lookup, a Redis subscription, memory), and none counted against the rate limit.
 */

const COMMENT_ADDED = `subscription ($slug: String!) { commentAdded(slug: $slug) { id body } }`;

/** Listens on a free port, as a real client needs; returns the WebSocket URL of /graphql. */
async function listen(api: TestApp): Promise<string> {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = api.app.getHttpServer().address() as { port: number };
  return `ws://127.0.0.1:${port}/graphql`;
}

describe('API4 subscription limits (graphql-ws)', () => {
  const clients: Client[] = [];
  const sockets: WebSocket[] = [];
  const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true });
  let api: TestApp | undefined;

  /** Subscriptions to an article's channel, as Redis counts them (one per instance and topic). */
  const subscribers = async (slug: string) => {
    const prefix = api!.config.redis.keyPrefix;
    const [, count] = (await redis.pubsub('NUMSUB', `${prefix}comment-added:${slug}`)) as [
      string,
      number,
    ];
    return count;
  };
  const untilSubscribers = (slug: string, wanted: number) =>
    waitFor(async () => (await subscribers(slug)) === wanted, {
      description: `${wanted} subscription(s) to ${slug} in Redis`,
    });

  /**
   * A graphql-ws client: one WebSocket, every subscription of the client multiplexed on it. Not
   * lazy by default: a lazy client closes its socket as its last subscription ends, and the next
   * one would come on a new connection.
   */
  const client = (url: string, lazy = false) => {
    const created = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy });
    clients.push(created);
    return created;
  };
  /** One subscription; `next()` is its next event, rejecting with the error or close event. */
  const watch = (on: Client, slug: string) => {
    const events = on.iterate({ query: COMMENT_ADDED, variables: { slug } });
    return {
      next: () => withDeadline(events.next(), { description: `an event on ${slug}` }),
      stop: async () => {
        await events.return?.();
      },
    };
  };

  /** A bare WebSocket speaking graphql-transport-ws, for what the graphql-ws client never sends. */
  const rawConnection = async (url: string) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    sockets.push(socket);
    const messages: { type: string; id?: string; payload?: unknown }[] = [];
    socket.on('message', (raw: Buffer) => messages.push(JSON.parse(raw.toString())));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code: number, reason: Buffer) =>
        resolve({ code, reason: reason.toString() }),
      ),
    );
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await waitFor(() => messages.some((m) => m.type === 'connection_ack'), {
      description: 'connection_ack',
    });
    const subscribe = (id: string, slug: string) =>
      socket.send(
        JSON.stringify({
          id,
          type: 'subscribe',
          payload: { query: COMMENT_ADDED, variables: { slug } },
        }),
      );
    return { socket, messages, closed, subscribe };
  };

  beforeAll(() => redis.connect());
  afterEach(async () => {
    for (const each of clients.splice(0)) await each.dispose();
    for (const socket of sockets.splice(0)) socket.terminate();
    await api?.close();
    api = undefined;
  });
  afterAll(() => redis.disconnect());

  const articles = async (count: number) => {
    const author = await registerUser(api!.server);
    const slugs: string[] = [];
    for (let i = 0; i < count; i += 1)
      slugs.push((await createArticle(api!.server, author.token)).slug);
    return { author, slugs };
  };

  it('refuses a subscription over the per-connection cap with TOO_MANY_SUBSCRIPTIONS; the others keep delivering', async () => {
    api = await startIsolatedApp({ GRAPHQL_WS_MAX_SUBSCRIPTIONS: '2' });
    const url = await listen(api);
    const { author, slugs } = await articles(4);
    const [a, b, c, d] = slugs;
    const one = client(url);

    const first = watch(one, a);
    const second = watch(one, b);
    const firstEvent = first.next();
    await Promise.all([untilSubscribers(a, 1), untilSubscribers(b, 1)]);

    await expect(watch(one, c).next()).rejects.toEqual([
      expect.objectContaining({
        message: expect.stringContaining('at most 2 subscriptions'),
        extensions: expect.objectContaining({
          code: 'BAD_USER_INPUT',
          reason: 'TOO_MANY_SUBSCRIPTIONS',
        }),
      }),
    ]);
    expect(await subscribers(c)).toBe(0);

    // The refusal ended only that operation: the connection and its subscriptions are intact.
    await request(api.server)
      .post(`/api/articles/${a}/comments`)
      .set('Authorization', `Token ${author.token}`)
      .send({ comment: { body: 'still live' } })
      .expect(201);
    expect((await firstEvent).value).toMatchObject({
      data: { commentAdded: { body: 'still live' } },
    });

    // Completing one frees its slot for the next.
    await second.stop();
    await untilSubscribers(b, 0);
    const fourth = watch(one, d);
    await untilSubscribers(d, 1);
    await Promise.all([first.stop(), fourth.stop()]);
  });

  it('frees the slot of a subscription the server ended with an error (NOT_FOUND)', async () => {
    api = await startIsolatedApp({ GRAPHQL_WS_MAX_SUBSCRIPTIONS: '1' });
    const url = await listen(api);
    const { slugs } = await articles(1);
    const one = client(url);
    for (let i = 0; i < 3; i += 1) {
      await expect(watch(one, `no-such-article-${i}`).next()).rejects.toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
      ]);
    }
    const live = watch(one, slugs[0]);
    await untilSubscribers(slugs[0], 1);
    await live.stop();
  });

  it('counts each subscribe message against the per-address rate limit, shared with HTTP', async () => {
    // The WebSocket upgrade is one request; two subscribe messages use up the rest.
    api = await startIsolatedApp({ RATE_LIMIT_MAX: '3' });
    const url = await listen(api);
    const one = client(url);
    for (const slug of ['no-such-a', 'no-such-b']) {
      await expect(watch(one, slug).next()).rejects.toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
      ]);
    }

    const refused = watch(one, 'no-such-c').next();
    await expect(refused).rejects.toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'RATE_LIMITED',
          reason: 'RATE_LIMITED',
          retryAfter: expect.any(Number),
        }),
      }),
    ]);
    // The same budget: HTTP from that address is refused too.
    const http = await request(api.server).post('/graphql').send({ query: '{ tags }' });
    expect(http.status).toBe(429);
    expect(http.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('answers a flood of subscribe messages on one connection with errors, not subscriptions', async () => {
    api = await startIsolatedApp({ RATE_LIMIT_MAX: '40', GRAPHQL_WS_MAX_SUBSCRIPTIONS: '5' });
    const url = await listen(api);
    const { slugs } = await articles(1);
    const flood = await rawConnection(url);
    const sent = 200;
    for (let i = 0; i < sent; i += 1) flood.subscribe(String(i), slugs[0]);

    // Five subscriptions run; each other message got an error for its id.
    const errors = await waitFor(
      () => {
        const found = flood.messages.filter((m) => m.type === 'error');
        return found.length === sent - 5 && found;
      },
      { description: `${sent - 5} error messages` },
    );
    const reasons = new Set(
      errors.map((m) => (m.payload as { extensions: { reason: string } }[])[0].extensions.reason),
    );
    expect([...reasons].sort()).toEqual(['RATE_LIMITED', 'TOO_MANY_SUBSCRIPTIONS']);
    await untilSubscribers(slugs[0], 1);
  });

  it('closes the socket with 4409 when a subscribe reuses the id of a running one, leaving nothing subscribed', async () => {
    api = await startIsolatedApp();
    const url = await listen(api);
    const { slugs } = await articles(1);
    const connection = await rawConnection(url);
    connection.subscribe('same', slugs[0]);
    await untilSubscribers(slugs[0], 1);

    connection.subscribe('same', slugs[0]);
    expect(await withDeadline(connection.closed, { description: 'the close' })).toEqual({
      code: 4409,
      reason: 'Subscriber for same already exists',
    });
    // Mercurius would have replaced the first subscription and leaked its Redis subscription.
    await untilSubscribers(slugs[0], 0);
  });

  it('closes a connection over the per-address cap with 4429, and takes one again once another closes', async () => {
    api = await startIsolatedApp({ GRAPHQL_WS_MAX_CONNECTIONS_PER_CLIENT: '2' });
    const url = await listen(api);
    const { slugs } = await articles(3);
    const [first, second] = [client(url), client(url)];
    watch(first, slugs[0]);
    watch(second, slugs[1]);
    await Promise.all([untilSubscribers(slugs[0], 1), untilSubscribers(slugs[1], 1)]);

    // graphql-ws treats 4429 as fatal: the client reports it instead of reconnecting in a loop.
    await expect(watch(client(url, true), slugs[2]).next()).rejects.toMatchObject({
      code: 4429,
      reason: 'Too many connections from this client address',
    });

    await first.dispose();
    // The server counts the connection closed when its close arrives: try until it has.
    const acknowledged = () =>
      new Promise<boolean>((resolve) => {
        const socket = new WebSocket(url, 'graphql-transport-ws');
        sockets.push(socket);
        socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
        socket.on('message', () => resolve(true));
        socket.on('close', () => resolve(false));
      });
    await waitFor(acknowledged, {
      description: 'a new connection to be accepted once one of the two closed',
    });
  });
});
