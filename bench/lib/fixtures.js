// @ts-check
/** Data that scenarios create through the public API before they are loaded. */
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
