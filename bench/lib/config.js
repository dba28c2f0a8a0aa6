// @ts-check
/** Reads the BENCH_* knobs once, with defaults and clear errors. See bench/README.md. */

/**
 * @typedef {object} BenchConfig
 * @property {number} durationSec measured seconds per scenario
 * @property {number} warmupSec un-measured seconds before each measured run
 * @property {number} connections concurrent keep-alive connections
 * @property {number} pipelining requests in flight per connection (always 1)
 * @property {'auto' | 'wrk' | 'autocannon'} loadgen
 * @property {boolean} otel telemetry SDK preloaded and enabled in the API
 * @property {number} traceRatio share of requests whose spans are recorded and exported
 * @property {boolean} pin pin server and load generator to separate CPUs when possible
 * @property {string[]} scenarioFilter substrings; empty means every scenario
 * @property {string} databaseName
 * @property {string} pgAdminUrl connection used to create and drop the bench database
 * @property {string} redisUrl
 * @property {string} logLevel
 * @property {boolean} keepLogs keep the temp dir with the API log after the run
 * @property {boolean} seed fill the bench database with `npm run seed` data before the API starts
 * @property {number} scale multiplies the seeded counts; above 1, the scale-goal rows also run on a 1x database first
 * @property {string} redisPrefix the API's Redis key prefix (its keys are deleted afterwards)
 */

/**
 * An integer knob; `fallback` when unset, an error naming the variable when out of range.
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {number} fallback
 * @param {number} min
 * @param {number} [max]
 */
export function intVar(env, name, fallback, min, max = Number.MAX_SAFE_INTEGER) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new Error(`${name} must be an integer ${range}, got "${raw}"`);
  }
  return value;
}

/**
 * @template {string} T
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {readonly T[]} allowed
 * @param {T} fallback
 * @returns {T}
 */
export function enumVar(env, name, allowed, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = /** @type {T} */ (raw.toLowerCase());
  if (!allowed.includes(value)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return value;
}

/**
 * A number from 0 to 1; `fallback` when unset.
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {number} fallback
 */
export function ratioVar(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`${name} must be a number from 0 to 1, got "${raw}"`);
  }
  return value;
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {boolean} fallback
 */
function onOffVar(env, name, fallback) {
  const value = enumVar(
    env,
    name,
    ['on', 'off', 'true', 'false', '1', '0'],
    fallback ? 'on' : 'off',
  );
  return value === 'on' || value === 'true' || value === '1';
}

/**
 * The bench drops a database and deletes keys: it only ever talks to this machine.
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {string} fallback
 */
function loopbackUrl(env, name, fallback) {
  const raw = env[name] || fallback;
  let host;
  try {
    host = new URL(raw).hostname;
  } catch {
    throw new Error(`${name} is not a URL: "${raw}"`);
  }
  if (!(host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host))) {
    throw new Error(
      `${name} must point at this machine (127.0.0.1, localhost or [::1]), got "${host}"`,
    );
  }
  return raw;
}

/**
 * @param {Record<string, string | undefined>} env
 * @returns {BenchConfig}
 */
export function readConfig(env) {
  const databaseName = env.BENCH_DATABASE || 'conduit_bench';
  // The database is dropped at start and end: refuse anything that could be a real one.
  if (!/^[a-z0-9_]+$/.test(databaseName) || !databaseName.includes('bench')) {
    throw new Error(
      `BENCH_DATABASE must be lower-case letters, digits and _ and contain "bench" (it is dropped), got "${databaseName}"`,
    );
  }
  const pgAdminUrl = loopbackUrl(
    env,
    'BENCH_PG_URL',
    'postgres://postgres@127.0.0.1:5432/postgres',
  );
  const redisUrl = loopbackUrl(env, 'BENCH_REDIS_URL', 'redis://127.0.0.1:6379');
  const redisPrefix = env.BENCH_REDIS_PREFIX || `conduit-bench:${process.pid}:`;
  // Every key under the prefix is deleted at the end: the same rule as resources.js applies.
  if (!/^[A-Za-z0-9_.:-]+$/.test(redisPrefix) || !redisPrefix.includes('bench')) {
    throw new Error(
      `BENCH_REDIS_PREFIX must be letters, digits and _.:- and contain "bench" (its keys are deleted), got "${redisPrefix}"`,
    );
  }
  return {
    durationSec: intVar(env, 'BENCH_DURATION', 10, 1),
    warmupSec: intVar(env, 'BENCH_WARMUP', 2, 0),
    connections: intVar(env, 'BENCH_CONNECTIONS', 50, 1),
    pipelining: 1,
    loadgen: enumVar(
      env,
      'BENCH_LOADGEN',
      /** @type {const} */ (['auto', 'wrk', 'autocannon']),
      'auto',
    ),
    otel: onOffVar(env, 'BENCH_OTEL', true),
    traceRatio: ratioVar(env, 'BENCH_TRACE_RATIO', 0.1),
    pin: onOffVar(env, 'BENCH_PIN', true),
    scenarioFilter: (env.BENCH_SCENARIOS ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    databaseName,
    pgAdminUrl,
    redisUrl,
    logLevel: enumVar(
      env,
      'BENCH_LOG_LEVEL',
      /** @type {const} */ (['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
      'info',
    ),
    keepLogs: onOffVar(env, 'BENCH_KEEP_LOGS', false),
    seed: onOffVar(env, 'BENCH_SEED', true),
    scale: intVar(env, 'BENCH_SCALE', 1, 1, 100),
    redisPrefix,
  };
}
