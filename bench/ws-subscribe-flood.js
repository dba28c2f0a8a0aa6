#!/usr/bin/env node
// Re-runs the subscription flood of issue 12 (finding 2) against a running API and reports what
// it cost the server: one anonymous WebSocket, N `subscribe` messages, no waiting in between.
//
//   node bench/ws-subscribe-flood.js --url http://127.0.0.1:3000 --pid <API pid> \
//     --database postgres://postgres@127.0.0.1:5432/conduit [--count 5000]
//
// Reports the API's resident memory (VmRSS of --pid) and the database's committed transactions
// (pg_stat_database.xact_commit, which counts every statement outside an explicit transaction)
// before and after, and how the server answered: errors by code, and the close code if it closed.
// A measurement, not a test: it waits until the server has gone quiet for 3 s.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    pid: { type: 'string' },
    database: { type: 'string', default: process.env.DATABASE_URL },
    count: { type: 'string', default: '5000' },
  },
});
const count = Number(values.count);
const quietMs = 3_000;

const rssMb = () => {
  const status = readFileSync(`/proc/${values.pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
};

const db = new pg.Client({ connectionString: values.database });
await db.connect();
// This script's own polls are transactions too: counted, and taken off the result.
let polls = 0;
const commits = async () => {
  polls += 1;
  const { rows } = await db.query(
    'SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0].n);
};

async function post(path, body, token) {
  const response = await fetch(`${values.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token && { authorization: `Token ${token}` }),
    },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

// A real article, so each subscription gets as far as it can (the article lookup, Redis).
const name = `flood${Date.now().toString(36)}`;
const { user } = await post('/api/users', {
  user: { username: name, email: `${name}@example.test`, password: 'correct horse battery' },
});
const { article } = await post(
  '/api/articles',
  { article: { title: `Flood ${name}`, description: 'd', body: 'b', tagList: [] } },
  user.token,
);

const before = { rss: rssMb(), commits: await commits() };
const pollsBefore = polls;
const started = Date.now();
const socket = new WebSocket(
  values.url.replace(/^http/, 'ws') + '/graphql',
  'graphql-transport-ws',
);
const answers = { messages: 0, errors: {}, close: undefined };
let lastActivity = Date.now();
socket.on('message', (raw) => {
  lastActivity = Date.now();
  const message = JSON.parse(raw.toString());
  answers.messages += 1;
  if (message.type === 'connection_ack') {
    for (let i = 0; i < count; i += 1) {
      socket.send(
        JSON.stringify({
          id: String(i),
          type: 'subscribe',
          payload: {
            query: 'subscription ($slug: String!) { commentAdded(slug: $slug) { id body } }',
            variables: { slug: article.slug },
          },
        }),
      );
    }
  } else if (message.type === 'error') {
    const code = message.payload?.[0]?.extensions?.code ?? 'unknown';
    answers.errors[code] = (answers.errors[code] ?? 0) + 1;
  }
});
socket.on('close', (code, reason) => {
  lastActivity = Date.now();
  answers.close = `${code} ${reason.toString()}`;
});
socket.on('error', (error) => {
  answers.close = `error: ${error.message}`;
});
socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));

// Quiet: no message and no new transaction for quietMs.
let lastCommits = await commits();
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const now = await commits();
  // More than this poll's own transaction and the idle background (about 1/s): still at work.
  if (now > lastCommits + 3) lastActivity = Date.now();
  lastCommits = now;
  if (Date.now() - lastActivity >= quietMs) break;
}
const after = { rss: rssMb(), commits: await commits() };
socket.close();
await db.end();

console.log(
  JSON.stringify(
    {
      subscribeMessages: count,
      seconds: Math.round((Date.now() - started - quietMs) / 100) / 10,
      rssMb: { before: before.rss, after: after.rss },
      postgresTransactions: after.commits - before.commits - (polls - pollsBefore),
      answers,
    },
    null,
    2,
  ),
);
