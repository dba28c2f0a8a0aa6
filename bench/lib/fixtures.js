// @ts-check
/** Calls to the running API: data that scenarios need before they are loaded, cache counters. */
import { randomBytes } from 'node:crypto';

/**
 * @param {string} baseUrl
 * @param {string} method
 * @param {string} path
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
async function sendJson(baseUrl, method, path, body, headers = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return /** @type {any} */ (JSON.parse(text));
}

/**
 * Registers a fresh user (POST /api/users) and returns its credentials.
 * @param {string} baseUrl
 * @returns {Promise<{ username: string, email: string, password: string, token: string }>}
 */
export async function registerUser(baseUrl) {
  const suffix = randomBytes(4).toString('hex');
  const user = {
    username: `bench_${suffix}`,
    email: `bench_${suffix}@example.com`,
    password: randomBytes(12).toString('base64url'),
  };
  const { user: created } = await sendJson(baseUrl, 'POST', '/api/users', { user });
  if (typeof created?.token !== 'string') throw new Error('POST /api/users: no token in answer');
  return { ...user, token: created.token };
}

/**
 * Signs in an existing user (POST /api/users/login) and returns the token.
 * @param {string} baseUrl
 * @param {string} email
 * @param {string} password
 * @returns {Promise<string>}
 */
export async function loginUser(baseUrl, email, password) {
  const { user } = await sendJson(baseUrl, 'POST', '/api/users/login', {
    user: { email, password },
  });
  if (typeof user?.token !== 'string') throw new Error('POST /api/users/login: no token in answer');
  return user.token;
}

/**
 * The API's cache counters per namespace since it started (GET /health/cache).
 * @param {string} baseUrl
 * @returns {Promise<CacheCounters>}
 */
export async function cacheCounters(baseUrl) {
  const response = await fetch(`${baseUrl}/health/cache`, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET /health/cache: HTTP ${response.status} ${text}`);
  return JSON.parse(text);
}

/**
 * @typedef {Record<string, { hit: number, miss: number, bypass: number, error: number, hitRatio: number }>} CacheCounters
 */

/**
 * What changed between two snapshots of the counters (hitRatio recomputed over the change).
 * @param {CacheCounters} before
 * @param {CacheCounters} after
 * @returns {CacheCounters}
 */
export function cacheDelta(before, after) {
  /** @type {CacheCounters} */
  const delta = {};
  for (const [namespace, now] of Object.entries(after)) {
    const was = before[namespace] ?? { hit: 0, miss: 0, bypass: 0, error: 0 };
    const change = {
      hit: now.hit - was.hit,
      miss: now.miss - was.miss,
      bypass: now.bypass - was.bypass,
      error: now.error - was.error,
    };
    if (change.hit + change.miss + change.bypass + change.error === 0) continue;
    const lookups = change.hit + change.miss;
    delta[namespace] = {
      ...change,
      hitRatio: lookups ? Number((change.hit / lookups).toFixed(3)) : 0,
    };
  }
  return delta;
}
