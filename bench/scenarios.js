// @ts-check
/**
 * What `npm run bench` loads, in order. Adding a scenario is adding an entry here.
 *
 * - `server`: 'raw' (bench/raw-server.js) or 'api' (the built API, started once for all its
 *   scenarios, with its own fresh database).
 * - `method`, `path`, `headers`, `body` (sent as JSON): the request, identical every time.
 * - `setup(ctx)`: optional, runs once before the warm-up against the running server, and
 *   returns fields that override the request (e.g. an Authorization header for a user it
 *   registered). Data it creates lives in the bench database, which is dropped afterwards.
 * - `baseline: true`: the row every ratio is computed against (exactly one).
 *
 * Every response must be 2xx: one request is checked before the warm-up, and non-2xx
 * answers and socket errors during the run are counted and flag the row.
 */
import { registerUser } from './lib/fixtures.js';

/**
 * @typedef {object} RequestSpec
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} [headers]
 * @property {unknown} [body]
 */

/**
 * @typedef {RequestSpec & {
 *   name: string,
 *   server: 'raw' | 'api',
 *   baseline?: boolean,
 *   setup?: (ctx: { baseUrl: string }) => Promise<Partial<RequestSpec>>,
 * }} Scenario
 */

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
];
