// @ts-check
/**
 * What `npm run bench` loads, in order. Adding a scenario is adding an entry here.
 *
 * - `server`: 'raw' (bench/raw-server.js), 'api' (the built API, started once for all its
 *   scenarios) or 'api-cache-off' (a second API process with CACHE_ENABLED=false, started
 *   after the first one has stopped, only when one of its scenarios runs). Both APIs use the
 *   same fresh bench database, seeded once unless BENCH_SEED=off.
 * - `method`, `path`, `headers`, `body` (sent as JSON): the request, identical every time.
 * - `needsSeed: true`: the scenario reads seeded data; with BENCH_SEED=off it is skipped.
 * - `setup(ctx)`: optional, runs once before the warm-up against the running server, and
 *   returns fields that override the request (e.g. an Authorization header for a user it
 *   registered, or the slug of a seeded article). `ctx.query` runs SQL on the bench
 *   database. Data it creates lives in the bench database, which is dropped afterwards.
 * - `check(answer)`: optional, looks at the check request's 2xx answer and throws when it is
 *   not what the scenario means to measure (e.g. a cache that is not in use).
 * - `baseline: true`: the row every ratio is computed against (exactly one).
 * - `compareTo`: optional `{ scenario, label }`; after the table the bench prints this row's
 *   req/s divided by that scenario's req/s from the same run, as "label: 0.83x".
 * - `scaleGoal: true`: with BENCH_SCALE above 1, the row also runs on a 1x database first, and
 *   its p99 at that scale must stay within 1.5x of the 1x figure (bench/lib/scale-report.js).
 *
 * Every response must be 2xx: one request is checked before the warm-up, and non-2xx
 * answers and socket errors during the run are counted and flag the row. For the cached
 * reads, the check request and the warm-up fill the cache, so the measured run reads it warm.
 */
import { loginUser, registerUser } from './lib/fixtures.js';

/** Every seeded user's password (src/seed/pipeline.ts). */
const SEED_PASSWORD = 'password123';
const LIST_LIMIT = 20;

/**
 * @typedef {object} RequestSpec
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} [headers]
 * @property {unknown} [body]
 */

/**
 * @typedef {object} SetupContext
 * @property {string} baseUrl
 * @property {(text: string, values?: unknown[]) => Promise<Record<string, any>[]>} query SQL on the bench database
 */

/**
 * @typedef {object} CheckAnswer
 * @property {number} status
 * @property {Headers} headers
 * @property {string} body
 */

/**
 * @typedef {RequestSpec & {
 *   name: string,
 *   server: 'raw' | 'api' | 'api-cache-off' | 'api-security-off' | 'api-metrics-off' | 'api-observability-off',
 *   baseline?: boolean,
 *   compareTo?: { scenario: string, label: string },
 *   scaleGoal?: boolean,
 *   needsSeed?: boolean,
 *   setup?: (ctx: SetupContext) => Promise<Partial<RequestSpec> & { note?: string }>,
 *   check?: (answer: CheckAnswer) => void,
 * }} Scenario
 */

/**
 * The answer's `x-cache` header must be one of `allowed` (HIT, MISS, BYPASS, ERROR, PRIVATE,
 * UNCACHED).
 * @param {string[]} allowed
 * @returns {(answer: CheckAnswer) => void}
 */
const expectCache = (allowed) => (answer) => {
  const outcome = answer.headers.get('x-cache');
  if (!outcome || !allowed.includes(outcome)) {
    throw new Error(`x-cache is ${outcome ?? 'missing'}, expected ${allowed.join(' or ')}`);
  }
};

/**
 * A list page must be full, or the scenario measures less work than it claims.
 * @param {CheckAnswer} answer
 */
function expectFullPage(answer) {
  const { articles } = JSON.parse(answer.body);
  if (!Array.isArray(articles) || articles.length !== LIST_LIMIT) {
    throw new Error(`expected ${LIST_LIMIT} articles, got ${articles?.length ?? 'none'}`);
  }
}

const REST_LIST = `GET /api/articles?limit=${LIST_LIMIT} (cache warm)`;
/** Pages read from Postgres on every request: the cache-off process, at the front and deep. */
const listPath = (/** @type {number} */ offset) =>
  `/api/articles?limit=${LIST_LIMIT}&offset=${offset}`;
const LIST_OFFSET_0 = `GET ${listPath(0)} (cache off)`;
const DEEP_OFFSET = 5_000;

/** The REST list item's fields, so both rows send the same page over the wire. */
const GRAPHQL_LIST_QUERY = `{
  articles(limit: ${LIST_LIMIT}) {
    articles {
      slug title description image tagList createdAt updatedAt favorited favoritesCount
      author { username bio image following }
    }
    articlesCount
  }
}`;

/**
 * POST /graphql with a JSON body; throws on HTTP or GraphQL errors (which come with HTTP 200).
 * @param {string} baseUrl
 * @param {string} query
 */
async function graphql(baseUrl, query) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(10_000),
  });
  return graphqlData(response.status, await response.text());
}

/**
 * @param {number} status
 * @param {string} text
 * @returns {any}
 */
function graphqlData(status, text) {
  const { data, errors } = JSON.parse(text);
  if (status !== 200 || errors) throw new Error(`POST /graphql: HTTP ${status} ${text}`);
  return data;
}

/**
 * JSON with keys in a fixed order, so that two answers compare by content.
 * @param {unknown} value
 * @returns {string}
 */
const canonical = (value) =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** The REST page as read in setup; the GraphQL check requires the very same page. */
let restPage = '';

/**
 * The most-favorited seeded article (ties broken by slug, so every run picks the same one).
 * @param {SetupContext} ctx
 */
async function popularArticle({ query }) {
  const [row] = await query(
    'SELECT slug, favorites_count FROM articles ORDER BY favorites_count DESC, slug LIMIT 1',
  );
  if (!row) throw new Error('the bench database has no articles: is it seeded?');
  return {
    path: `/api/articles/${encodeURIComponent(row.slug)}`,
    note: `${row.favorites_count} favorites`,
  };
}

/** @type {Scenario[]} */
export const scenarios = [
  {
    name: 'raw node:http',
    server: 'raw',
    baseline: true,
    method: 'GET',
    path: '/',
  },
  {
    name: 'GET /health/live',
    server: 'api',
    method: 'GET',
    path: '/health/live',
  },
  {
    name: 'GET /api/user (auth)',
    server: 'api',
    method: 'GET',
    path: '/api/user',
    setup: async ({ baseUrl }) => {
      const { token } = await registerUser(baseUrl);
      return { headers: { authorization: `Token ${token}` } };
    },
  },
  {
    name: REST_LIST,
    server: 'api',
    scaleGoal: true,
    needsSeed: true,
    method: 'GET',
    path: `/api/articles?limit=${LIST_LIMIT}`,
    check: (answer) => {
      expectCache(['HIT', 'MISS'])(answer);
      expectFullPage(answer);
    },
  },
  {
    name: 'POST /graphql articles page (20, cache warm)',
    server: 'api',
    needsSeed: true,
    method: 'POST',
    path: '/graphql',
    body: { query: GRAPHQL_LIST_QUERY },
    compareTo: { scenario: REST_LIST, label: 'GraphQL 20-article page / REST' },
    // The resolver reads the page with bodies (its cache entry differs from REST's), although
    // this query does not select them: the note gives their size.
    setup: async ({ baseUrl }) => {
      const response = await fetch(`${baseUrl}/api/articles?limit=${LIST_LIMIT}`);
      const text = await response.text();
      if (!response.ok) throw new Error(`GET /api/articles: HTTP ${response.status}`);
      restPage = canonical(JSON.parse(text));
      const { articles } = await graphql(
        baseUrl,
        `{ articles(limit: ${LIST_LIMIT}) { articles { body } } }`,
      );
      const bodies = articles.articles.reduce(
        (/** @type {number} */ sum, /** @type {{ body: string }} */ a) =>
          sum + Buffer.byteLength(a.body),
        0,
      );
      return {
        note: `REST page ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB; bodies read but not selected ${(bodies / 1024).toFixed(1)} KB`,
      };
    },
    check: (answer) => {
      const { articles } = graphqlData(answer.status, answer.body);
      expectFullPage({ ...answer, body: JSON.stringify(articles) });
      if (canonical(articles) !== restPage) {
        throw new Error(`the page differs from ${REST_LIST}`);
      }
    },
  },
  {
    name: 'GET /api/articles/feed (auth, 20)',
    server: 'api',
    scaleGoal: true,
    needsSeed: true,
    method: 'GET',
    path: `/api/articles/feed?limit=${LIST_LIMIT}`,
    // The seeded user who follows the most authors (ties broken by email).
    setup: async ({ baseUrl, query }) => {
      const [row] = await query(
        `SELECT u.email, count(*)::int AS follows FROM users u
         JOIN follows f ON f.follower_id = u.id
         GROUP BY u.id, u.email ORDER BY count(*) DESC, u.email LIMIT 1`,
      );
      if (!row) throw new Error('the bench database has no follows: is it seeded?');
      const token = await loginUser(baseUrl, row.email, SEED_PASSWORD);
      return {
        headers: { authorization: `Token ${token}` },
        note: `as ${row.email}, who follows ${row.follows} authors`,
      };
    },
    check: expectFullPage,
  },
  {
    name: 'GET /api/articles/:slug (cache warm)',
    server: 'api',
    needsSeed: true,
    method: 'GET',
    path: '/api/articles/:slug',
    setup: popularArticle,
    check: expectCache(['HIT', 'MISS']),
  },
  {
    name: 'GET /api/articles/:slug (cache off)',
    server: 'api-cache-off',
    scaleGoal: true,
    needsSeed: true,
    method: 'GET',
    path: '/api/articles/:slug',
    setup: popularArticle,
    check: expectCache(['BYPASS']),
  },
  {
    name: LIST_OFFSET_0,
    server: 'api-cache-off',
    scaleGoal: true,
    needsSeed: true,
    method: 'GET',
    path: listPath(0),
    check: (answer) => {
      expectCache(['BYPASS'])(answer);
      expectFullPage(answer);
    },
  },
  {
    // OFFSET walks past 5,000 index entries before the page: the cost of a deep page.
    name: `GET ${listPath(DEEP_OFFSET)} (cache off)`,
    server: 'api-cache-off',
    scaleGoal: true,
    needsSeed: true,
    method: 'GET',
    path: listPath(DEEP_OFFSET),
    compareTo: { scenario: LIST_OFFSET_0, label: `list page at offset ${DEEP_OFFSET} / offset 0` },
    // Pages this deep are never cached, whether the cache is on or off.
    check: (answer) => {
      expectCache(['UNCACHED'])(answer);
      expectFullPage(answer);
    },
  },
  {
    // A light endpoint that the rate limit applies to (health probes are exempt): the tag list,
    // from the cache. With the layer: security headers plus one Redis round trip for the limit.
    name: 'GET /api/tags (security layer on)',
    server: 'api',
    method: 'GET',
    path: '/api/tags',
    compareTo: { scenario: 'GET /api/tags (security layer off)', label: 'security layer on / off' },
    check: (answer) => {
      if (
        !answer.headers.get('ratelimit-limit') ||
        !answer.headers.get('content-security-policy')
      ) {
        throw new Error('expected the RateLimit and security headers');
      }
    },
  },
  {
    // The same light GET with metrics on (the row above: every request timed, its Postgres and
    // Redis calls too, runtime sampled) against a process with METRICS_ENABLED=false, and
    // against one with metrics and tracing both off (OTEL_SDK_DISABLED=true as well).
    name: 'GET /api/tags (metrics off)',
    server: 'api-metrics-off',
    method: 'GET',
    path: '/api/tags',
    // Above 1x by what metrics cost.
    compareTo: { scenario: 'GET /api/tags (security layer on)', label: 'metrics off / on' },
  },
  {
    name: 'GET /api/tags (metrics and tracing off)',
    server: 'api-observability-off',
    method: 'GET',
    path: '/api/tags',
    compareTo: {
      scenario: 'GET /api/tags (security layer on)',
      label: 'metrics and tracing off / on',
    },
  },
  {
    name: 'GET /api/tags (security layer off)',
    server: 'api-security-off',
    method: 'GET',
    path: '/api/tags',
    check: (answer) => {
      if (answer.headers.get('ratelimit-limit') || answer.headers.get('content-security-policy')) {
        throw new Error('expected no RateLimit or security headers');
      }
    },
  },
];
