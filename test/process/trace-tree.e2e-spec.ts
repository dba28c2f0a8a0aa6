import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newArticle } from '../factories/article.factory.js';
import { ConduitUser, randomJpeg, finished } from '../support/image-jobs.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import {
  freePort,
  type RunningProcess,
  startProcess,
  stopProcess,
  waitForOutput,
} from '../support/processes.js';
import {
  isPostgresQuery,
  isRedisCommand,
  queryText,
  SpanKinds,
  SpanTree,
} from '../support/span-tree.js';

const PRELOAD = resolve('test/support/in-memory-spans.preload.mjs');

// One caller-chosen trace per scenario, so each is found without guessing.
const ARTICLE_TRACE = '0af7651916cd43dd8448eb211c800001';
const GRAPHQL_TRACE = '0af7651916cd43dd8448eb211c800002';
const UPLOAD_TRACE = '0af7651916cd43dd8448eb211c800003';
const traceparent = (traceId: string) => `00-${traceId}-b7ad6b7169203331-01`;

/**
 * The trace tree of the API and the worker, each a real process with the service's own
 * preload, whose spans go to the SDK's InMemorySpanExporter (test/support/in-memory-spans
 * .preload.mjs) and reach this test as a file when the process shuts down.
 */
describe('The trace tree', () => {
  let backends: IsolatedBackends;
  let api: RunningProcess | undefined;
  let worker: RunningProcess | undefined;
  let tree: SpanTree;
  const dir = mkdtempSync(join(tmpdir(), 'trace-tree-'));
  const apiSpans = join(dir, 'api.json');
  const workerSpans = join(dir, 'worker.json');

  beforeAll(async () => {
    backends = await isolatedBackends('tree');
    const telemetry = {
      ...backends.env,
      OTEL_SDK_DISABLED: 'false',
      // No exporter is configured: a sampler makes the processes record spans.
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    };
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    api = startProcess(
      'main',
      { ...telemetry, SPANS_FILE: apiSpans, PORT: String(port), HOST: '127.0.0.1' },
      undefined,
      PRELOAD,
    );
    worker = startProcess('worker', { ...telemetry, SPANS_FILE: workerSpans }, undefined, PRELOAD);
    await waitForOutput(api, 'API listening');
    await waitForOutput(worker, 'worker started');

    const user = await ConduitUser.signUp(base);
    const created = await fetch(`${base}/api/articles`, {
      method: 'POST',
      headers: { ...user.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ article: newArticle() }),
    });
    expect(created.status).toBe(201);
    const { article } = (await created.json()) as { article: { slug: string } };

    // A cache miss: Redis, then Postgres, then Redis again.
    const read = await fetch(`${base}/api/articles/${article.slug}`, {
      headers: { traceparent: traceparent(ARTICLE_TRACE) },
    });
    expect(read.status).toBe(200);

    const list = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: traceparent(GRAPHQL_TRACE) },
      body: JSON.stringify({
        query:
          'query ArticleList { articles(limit: 5, offset: 0) { articles { slug author { username } } } }',
      }),
    });
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({
      data: { articles: { articles: [expect.anything()] } },
    });

    const upload = await user.uploadAvatar(await randomJpeg(400, 300), {
      traceparent: traceparent(UPLOAD_TRACE),
    });
    expect(upload.status).toBe(202);
    const job = await user.waitForJob(
      upload.job.id,
      finished,
      undefined,
      () => `worker output:\n${worker?.output()}`,
    );
    expect(job.state).toBe('completed');

    // Shutdown writes each process's spans to its file.
    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(await worker.exited).toBe(0);
    tree = SpanTree.fromFiles(apiSpans, workerSpans);
  });

  afterAll(async () => {
    await stopProcess(api);
    await stopProcess(worker);
    await backends?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hangs the Postgres and Redis spans of a request under its server span, named by route', () => {
    const server = tree.one(
      'the server span of GET /api/articles/:slug',
      (span) => span.traceId === ARTICLE_TRACE && span.kind === SpanKinds.SERVER,
    );
    expect(server).toMatchObject({
      name: 'GET /api/articles/:slug',
      service: 'conduit-api',
      attributes: { 'http.route': '/api/articles/:slug' },
    });
    const trace = tree.trace(ARTICLE_TRACE);
    const postgres = trace.filter(isPostgresQuery);
    const redis = trace.filter(isRedisCommand);
    expect(postgres.length).toBeGreaterThan(0);
    // The cache read (GET), the rate limit and the cache fill (Lua scripts, EVALSHA).
    expect(redis.map((span) => span.name)).toEqual(expect.arrayContaining(['get', 'evalsha']));
    // Edges: server → each Postgres query, server → each Redis command (parent/child).
    for (const span of [...postgres, ...redis]) tree.expectParent(server, span);
  });

  it('hangs the resolvers’ Postgres spans under the GraphQL operation’s span', () => {
    const server = tree.one(
      'the server span of POST /graphql',
      (span) => span.traceId === GRAPHQL_TRACE && span.kind === SpanKinds.SERVER,
    );
    expect(server.name).toBe('POST /graphql');
    const operation = tree.one(
      'the GraphQL operation span',
      (span) => span.traceId === GRAPHQL_TRACE && span.scope === 'conduit-graphql',
    );
    expect(operation).toMatchObject({
      name: 'query ArticleList',
      attributes: { 'graphql.operation.type': 'query', 'graphql.operation.name': 'ArticleList' },
    });
    // Edges: server → operation → every Postgres query of the request (parent/child).
    tree.expectParent(server, operation);
    const postgres = tree.trace(GRAPHQL_TRACE).filter(isPostgresQuery);
    expect(postgres.length).toBeGreaterThan(0);
    for (const span of postgres) tree.expectParent(operation, span);
  });

  it('follows an upload through the outbox, the relay, BullMQ and the worker in one trace', () => {
    // One upload in this test: each of its spans is found by name alone, in whatever trace it
    // landed, so a broken edge is reported as that edge (with both traces drawn).
    const named = (name: string) => tree.one(`"${name}"`, (span) => span.name === name);
    const query = (pattern: RegExp) =>
      tree.one(`a query ${pattern}`, (span) => {
        return isPostgresQuery(span) && pattern.test(queryText(span) ?? '');
      });

    const request = named('PUT /api/user/image');
    expect(request).toMatchObject({
      kind: SpanKinds.SERVER,
      service: 'conduit-api',
      traceId: UPLOAD_TRACE,
    });
    const outboxInsert = query(/^INSERT INTO outbox_messages/);
    // The relay runs in whichever process got to the message first (the API right after the
    // commit, or the worker's poller): the edges hold either way.
    const relay = named('outbox relay');
    const publish = named('images publish');
    const outboxDelete = query(/^DELETE FROM outbox_messages/);
    const job = named('images process');
    const render = named('images render');
    const completed = query(/^UPDATE image_jobs SET state = 'completed'/);
    const avatar = query(/^UPDATE users SET image/);

    expect(publish.kind).toBe(SpanKinds.PRODUCER);
    expect(job).toMatchObject({ kind: SpanKinds.CONSUMER, service: 'conduit-worker' });
    expect(render.service).toBe('conduit-worker');

    // Every edge is parent/child; none is a link. The relay is asynchronous, but a message comes
    // from one request and makes one job, so it continues that request's trace (the context
    // stored in the outbox row) rather than starting a trace linked to it.
    tree.expectParent(request, outboxInsert);
    tree.expectParent(request, relay);
    tree.expectParent(relay, publish);
    tree.expectParent(relay, outboxDelete);
    tree.expectParent(publish, job);
    tree.expectParent(job, render);
    tree.expectParent(job, completed);
    tree.expectParent(job, avatar);
    for (const span of [relay, publish, job, render]) expect(span.links).toEqual([]);
  });
});
