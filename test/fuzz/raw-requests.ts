import type { FuzzRequest } from './fuzz-request.js';
import type { Random } from './random.js';

const CRLF = '\r\n';

/**
 * Requests no HTTP client library would send: broken request lines, bytes outside ASCII,
 * oversized heads, bad chunking. They meet Fastify's and Node's own error paths, which must
 * still answer with the security headers and a problem+json body.
 */
export function rawRequest(random: Random, host: string): FuzzRequest {
  const json = '{"user":{}}';
  const cases: [string, () => string | Buffer][] = [
    ['bad-request-line', () => `GET${CRLF}Host: ${host}${CRLF}${CRLF}`],
    ['http-0.9', () => `GET /api/tags${CRLF}${CRLF}`],
    ['unknown-version', () => `GET /api/tags HTTP/7.1${CRLF}Host: ${host}${CRLF}${CRLF}`],
    [
      'non-ascii-target',
      () =>
        Buffer.from(
          `GET /api/tags\u00e9\u00ff HTTP/1.1${CRLF}Host: ${host}${CRLF}Connection: close${CRLF}${CRLF}`,
          'latin1',
        ),
    ],
    [
      'utf8-target',
      () =>
        Buffer.from(
          `GET /api/profiles/\u0130stanbul HTTP/1.1${CRLF}Host: ${host}${CRLF}Connection: close${CRLF}${CRLF}`,
          'utf8',
        ),
    ],
    [
      'space-in-target',
      () => `GET /api/ta gs HTTP/1.1${CRLF}Host: ${host}${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    [
      'nul-in-target',
      () =>
        `GET /api/tags\u0000 HTTP/1.1${CRLF}Host: ${host}${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    ['no-host', () => `GET /api/tags HTTP/1.1${CRLF}Connection: close${CRLF}${CRLF}`],
    [
      'two-hosts',
      () =>
        `GET /api/tags HTTP/1.1${CRLF}Host: a${CRLF}Host: b${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    [
      'huge-header',
      () =>
        `GET /api/tags HTTP/1.1${CRLF}Host: ${host}${CRLF}X-Big: ${'a'.repeat(20_000)}${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    [
      'many-headers',
      () =>
        `GET /api/tags HTTP/1.1${CRLF}Host: ${host}${CRLF}${Array.from({ length: 3_000 }, (_, i) => `X-${i}: v`).join(CRLF)}${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    [
      'header-without-colon',
      () =>
        `GET /api/tags HTTP/1.1${CRLF}Host: ${host}${CRLF}Nonsense${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    [
      'header-nul',
      () =>
        `GET /api/tags HTTP/1.1${CRLF}Host: ${host}${CRLF}X-A: a\u0000b${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    [
      'obs-fold',
      () =>
        `GET /api/tags HTTP/1.1${CRLF}Host: ${host}${CRLF}X-A: a${CRLF} folded${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    ['bare-lf', () => `GET /api/tags HTTP/1.1\nHost: ${host}\nConnection: close\n\n`],
    [
      'bad-chunk-size',
      () =>
        `POST /api/users HTTP/1.1${CRLF}Host: ${host}${CRLF}Content-Type: application/json${CRLF}Transfer-Encoding: chunked${CRLF}Connection: close${CRLF}${CRLF}zz${CRLF}${json}${CRLF}0${CRLF}${CRLF}`,
    ],
    [
      'chunk-too-short',
      () =>
        `POST /api/users HTTP/1.1${CRLF}Host: ${host}${CRLF}Content-Type: application/json${CRLF}Transfer-Encoding: chunked${CRLF}Connection: close${CRLF}${CRLF}2${CRLF}${json}${CRLF}0${CRLF}${CRLF}`,
    ],
    [
      'length-and-chunked',
      () =>
        `POST /api/users HTTP/1.1${CRLF}Host: ${host}${CRLF}Content-Type: application/json${CRLF}Content-Length: 5${CRLF}Transfer-Encoding: chunked${CRLF}Connection: close${CRLF}${CRLF}0${CRLF}${CRLF}`,
    ],
    [
      'two-lengths',
      () =>
        `POST /api/users HTTP/1.1${CRLF}Host: ${host}${CRLF}Content-Type: application/json${CRLF}Content-Length: 11${CRLF}Content-Length: 3${CRLF}Connection: close${CRLF}${CRLF}${json}`,
    ],
    [
      'negative-length',
      () =>
        `POST /api/users HTTP/1.1${CRLF}Host: ${host}${CRLF}Content-Type: application/json${CRLF}Content-Length: -1${CRLF}Connection: close${CRLF}${CRLF}${json}`,
    ],
    [
      // More body than announced: the rest reads as a second, broken request.
      'long-body',
      () =>
        `POST /api/users HTTP/1.1${CRLF}Host: ${host}${CRLF}Content-Type: application/json${CRLF}Content-Length: 5${CRLF}Connection: close${CRLF}${CRLF}${json}`,
    ],
    [
      'unknown-encoding',
      () =>
        `POST /api/users HTTP/1.1${CRLF}Host: ${host}${CRLF}Content-Type: application/json${CRLF}Transfer-Encoding: gzip, chunked${CRLF}Connection: close${CRLF}${CRLF}0${CRLF}${CRLF}`,
    ],
    [
      'long-target',
      () =>
        `GET /api/articles/${'a'.repeat(10_000)} HTTP/1.1${CRLF}Host: ${host}${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    [
      'absolute-form',
      () =>
        `GET http://evil.example/api/tags HTTP/1.1${CRLF}Host: ${host}${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    [
      'asterisk-form',
      () => `OPTIONS * HTTP/1.1${CRLF}Host: ${host}${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    [
      'lowercase-method',
      () => `get /api/tags HTTP/1.1${CRLF}Host: ${host}${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    [
      'unknown-method',
      () => `BREW /api/tags HTTP/1.1${CRLF}Host: ${host}${CRLF}Connection: close${CRLF}${CRLF}`,
    ],
    // Starts with a byte no method has, so the server refuses it at once.
    [
      'garbage',
      () => Buffer.from(`\u0000${random.string(63, '\u0000\u0001\u00ff\r\n GET/:')}`, 'latin1'),
    ],
  ];
  const [name, make] = random.pick(cases);
  const bytes = make();
  return {
    target: `raw:${name}`,
    variant: 'raw',
    kind: 'raw',
    method: 'RAW',
    path: '',
    headers: {},
    raw: typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes,
  };
}

/** Paths no operation has, and spellings of real ones the router must not confuse. */
export function unknownRoute(random: Random): FuzzRequest {
  const path = random.pick([
    '/api/articles/a/b/c/d',
    '/api/%00',
    '/api/users/../user',
    '/api/users/%2e%2e/user',
    '/API/TAGS',
    '/api/tags/',
    '//api//tags',
    '/api/tags?',
    '/api/tags#fragment',
    '/api/tags;jsessionid=1',
    '/api/tags%3Fx=1',
    `/${'a/'.repeat(500)}`,
    '/.env',
    '/graphql/extra',
    '/media/images/../../package.json',
    '/media/images/%2e%2e/%2e%2e/package.json',
    '/docs/../openapi.json',
    '/health/../api/user',
  ]);
  const method = random.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
  const body = method === 'GET' || method === 'OPTIONS' ? undefined : Buffer.from('{}');
  const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
  return {
    target: 'route:unknown',
    variant: `${method} ${path.slice(0, 30)}`,
    kind: 'rest',
    method,
    path,
    headers,
    body,
  };
}
