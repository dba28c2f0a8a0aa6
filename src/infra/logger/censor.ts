/**
 * Keys whose values never reach a log line, at any depth up to MAX_DEPTH: credentials can
 * appear in request headers, in bodies logged on error, and in objects handed to the logger.
 */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'password',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
]);

export const CENSORED = '[redacted]';

// Deep enough for `req.headers.authorization` and `user.tokens.refreshToken`; bounded so that a
// large object handed to the logger costs at most a few levels of key checks.
const MAX_DEPTH = 4;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Returns `value` itself when it holds no secret key, otherwise a copy with those values
 * replaced: the caller's object is never changed. Plain objects and arrays are walked; other
 * objects (errors, dates, buffers) are left to their serializers.
 *
 * Why not pino's `redact`: its wildcard paths (`*.password`, `*.*.password`) cloned and walked
 * every line, a quarter of a cached request's logging cost (bench/README.md, "Where the time
 * goes"). A key check per field costs a fraction of that and covers any path.
 */
export function censorSecrets<T>(value: T, depth = 0): T {
  if (depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const censored = censorSecrets(item, depth + 1);
      if (censored !== item) (copy ??= value.slice())[i] = censored;
    }
    return (copy ?? value) as T;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const field = value[key];
    const censored =
      SECRET_KEYS.has(key) && field !== undefined ? CENSORED : censorSecrets(field, depth + 1);
    if (censored !== field) (copy ??= { ...value })[key] = censored;
  }
  return (copy ?? value) as T;
}
