// How the time to show an article's comments grows with their number: seeds one article with
// N comments and one with 10N through the API, then times the comments page of each.
//   npm run up                              (in another terminal)
//   node bench/comments-page.js [base URL]  (default http://127.0.0.1:3000)
// It sends about 180 requests: run it at most once a minute under the default rate limit.
import { randomBytes } from 'node:crypto';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const N = 10;
const ROUNDS = 25;

async function call(method, path, { token, body } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Token ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 429) {
    throw new Error(
      'rate limited (429): wait a minute, or start the API with RATE_LIMIT_MAX=100000',
    );
  }
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function articleWithComments(token, count) {
  const tag = randomBytes(4).toString('hex');
  const { article } = await call('POST', '/api/articles', {
    token,
    body: { article: { title: `Bench ${tag}`, description: 'bench', body: 'bench' } },
  });
  for (let i = 0; i < count; i++) {
    await call('POST', `/api/articles/${article.slug}/comments`, {
      token,
      body: { comment: { body: `comment ${i}` } },
    });
  }
  return article.slug;
}

/** The median time, in ms, of the page showing all the article's comments. */
async function medianPageTime(slug, token) {
  const times = [];
  for (let round = 0; round < ROUNDS + 5; round++) {
    const started = process.hrtime.bigint();
    await call('GET', `/api/articles/${slug}/comments?limit=100`, { token });
    // The first rounds warm the connection pool and the JIT; they are not counted.
    if (round >= 5) times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const tag = randomBytes(6).toString('hex');
const { user } = await call('POST', '/api/users', {
  body: {
    user: { username: `bench_${tag}`, email: `bench_${tag}@example.test`, password: `pw-${tag}` },
  },
});
const small = await articleWithComments(user.token, N);
const large = await articleWithComments(user.token, 10 * N);
const smallMs = await medianPageTime(small, user.token);
const largeMs = await medianPageTime(large, user.token);
console.log(`${N} comments: ${smallMs.toFixed(1)} ms (median of ${ROUNDS})`);
console.log(`${10 * N} comments: ${largeMs.toFixed(1)} ms (median of ${ROUNDS})`);
console.log(`ratio: ${(largeMs / smallMs).toFixed(1)}x for 10x the comments`);
console.log(`each comment beyond the first ${N}: ${((largeMs - smallMs) / (9 * N)).toFixed(3)} ms`);
