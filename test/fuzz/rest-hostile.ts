import { asText, headerSafe, percentEncode } from './encoding.js';
import type { FuzzRequest } from './fuzz-request.js';
import { noiseHeader, PATH_SEGMENTS } from './hostile-http.js';
import { HOSTILE_STRINGS, INTEGER_EDGES } from './hostile-values.js';
import type { Operation, Parameter } from './openapi-operations.js';
import type { Random } from './random.js';
import type { RestContext } from './rest-requests.js';
import { hostileValue } from './schema-values.js';
import { malformedAuthorization, schemeVariant } from './tokens.js';

/** One path parameter replaced by a hostile segment; the others keep their valid values. */
export function hostilePath(op: Operation, request: FuzzRequest, random: Random): void {
  const parameters = op.parameters.filter((p) => p.in === 'path');
  if (parameters.length === 0) return;
  const isNumeric = (p: Parameter) => ['number', 'integer'].includes(p.schema.type ?? '');
  // A numeric id is where a database column overflows: it gets most of the attention.
  const numeric = parameters.filter(isNumeric);
  const parameter = random.pick(numeric.length > 0 && random.chance(0.7) ? numeric : parameters);
  const segment = random.weighted<() => string>([
    [isNumeric(parameter) ? 10 : 0, () => String(random.pick(INTEGER_EDGES))],
    [6, () => random.pick(PATH_SEGMENTS)],
    [2, () => percentEncode(random.pick(HOSTILE_STRINGS))],
    [2, () => percentEncode(asText(hostileValue(parameter.schema, random)))],
  ])();
  request.variant = `path:${parameter.name}=${segment.slice(0, 24)}`;
  // Rebuild from the template so the other parameters keep their valid values.
  const valid = request.path.split('?')[0].split('/');
  const template = op.path.split('/');
  const at = template.indexOf(`{${parameter.name}}`);
  valid[at] = segment;
  request.path = valid.join('/');
}

/** No token, a forged one, a deleted user's, a signed-out session's, or a malformed header. */
export function hostileAuth(request: FuzzRequest, context: RestContext, random: Random): void {
  const { world, forged } = context;
  const kind = random.weighted<string>([
    [1, 'none'],
    [3, 'forged'],
    [1.5, 'deleted-user'],
    [1, 'revoked'],
    [2, 'malformed'],
  ]);
  if (kind === 'none') {
    delete request.headers.authorization;
  } else if (kind === 'forged') {
    const name = random.pick(Object.keys(forged));
    request.variant = `auth:${name}`;
    request.headers.authorization = schemeVariant(random, forged[name]);
    return;
  } else if (kind === 'deleted-user') {
    request.headers.authorization = schemeVariant(random, world.deleted.token);
  } else if (kind === 'revoked') {
    request.headers.authorization = `Token ${world.revokedToken}`;
  } else {
    request.headers.authorization = headerSafe(malformedAuthorization(random, world.author.token));
  }
  request.variant = `auth:${kind}`;
}

/** A hostile value for a header the operation reads, or a header it should ignore. */
export function hostileHeader(op: Operation, request: FuzzRequest, random: Random): void {
  const names = op.parameters.filter((p) => p.in === 'header').map((p) => p.name);
  if (names.length > 0 && random.chance(0.7)) {
    const name = random.pick(names);
    const value = random.pick([
      '',
      ' ',
      'x'.repeat(255),
      'x'.repeat(256),
      'x'.repeat(7_000),
      'k\u00ffy',
      'has space',
      '"unclosed',
      'W/"x", "y", *',
      `fuzz-${random.string(6, 'abc')}`,
    ]);
    request.variant = `header:${name}=${value.slice(0, 12)}`;
    request.headers[name.toLowerCase()] = value;
    return;
  }
  const [name, value] = noiseHeader(random);
  request.variant = `header:${name}`;
  request.headers[name] = headerSafe(value);
}

/** The same path with a method the operation does not have (OPTIONS as a CORS preflight). */
export function otherMethod(op: Operation, request: FuzzRequest, random: Random): void {
  const method = random.pick(
    op.method === 'GET'
      ? ['HEAD', 'PATCH', 'OPTIONS', 'POST', 'DELETE', 'PROPFIND']
      : ['GET', 'PATCH', 'OPTIONS', 'TRACE', 'PUT', 'HEAD'],
  );
  request.variant = `method:${method}`;
  request.method = method;
  if (method === 'OPTIONS') {
    request.headers.origin = random.pick(['http://allowed.example', 'https://evil.example']);
    request.headers['access-control-request-method'] = random.pick(['PUT', 'DELETE', 'PATCH']);
    request.headers['access-control-request-headers'] = 'authorization, content-type';
  }
  if (method === 'GET' || method === 'HEAD') delete request.body;
}
