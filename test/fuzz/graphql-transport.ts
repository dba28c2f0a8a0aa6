import { jsonBody, percentEncode } from './encoding.js';
import type { FuzzRequest } from './fuzz-request.js';
import { CONTENT_TYPES, malformedBody } from './hostile-http.js';
import type { Random } from './random.js';

type Operation = { query: string; variables: Record<string, unknown> };

/**
 * JSON bodies with a wrong envelope around the operation. `fieldSeen`: whether the server gets
 * as far as the field; when it does not, a finding belongs to the endpoint, not to the field.
 */
const ENVELOPES: Record<
  string,
  { body: (op: Operation, random: Random) => unknown; fieldSeen: boolean }
> = {
  batch: {
    body: (op, random) => Array.from({ length: random.int(2, 12) }, () => op),
    fieldSeen: true,
  },
  'variables-string': { body: ({ query }) => ({ query, variables: 'x' }), fieldSeen: true },
  'variables-array': { body: ({ query }) => ({ query, variables: [1] }), fieldSeen: true },
  'operation-name-wrong': { body: (op) => ({ ...op, operationName: 'Other' }), fieldSeen: true },
  'operation-name-number': { body: (op) => ({ ...op, operationName: 7 }), fieldSeen: true },
  'two-operations': {
    body: ({ query, variables }) => ({ query: `${query} query Two { tags }`, variables }),
    fieldSeen: true,
  },
  extensions: {
    body: (op) => ({ ...op, extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } }),
    fieldSeen: true,
  },
  'query-number': { body: () => ({ query: 123 }), fieldSeen: false },
  'query-null': { body: () => ({ query: null }), fieldSeen: false },
  'query-object': { body: ({ query }) => ({ query: { query } }), fieldSeen: false },
  'no-query': { body: ({ variables }) => ({ variables }), fieldSeen: false },
  'empty-batch': { body: () => [], fieldSeen: false },
  'batch-of-junk': { body: () => [1, null, 'x'], fieldSeen: false },
  'huge-document': {
    body: ({ query }) => ({ query: `${query}${' '.repeat(12_000)}` }),
    fieldSeen: false,
  },
};

/** Makes the request hostile in how it travels: GET, envelopes, content types, broken JSON. */
export function hostileTransport(request: FuzzRequest, op: Operation, random: Random): void {
  const kind = random.weighted<string>([
    [2, 'get'],
    [Object.keys(ENVELOPES).length, 'envelope'],
    [1.5, 'content-type'],
    [1.5, 'malformed'],
  ]);
  let fieldSeen = false;
  if (kind === 'get') {
    request.method = 'GET';
    const variables = percentEncode(JSON.stringify(op.variables));
    request.path = `/graphql?query=${percentEncode(op.query)}&variables=${variables}&operationName=Fuzz`;
    delete request.body;
    delete request.headers['content-type'];
    request.variant = 'transport:get';
    fieldSeen = true;
  } else if (kind === 'envelope') {
    const name = random.pick(Object.keys(ENVELOPES));
    request.body = jsonBody(ENVELOPES[name].body(op, random));
    request.variant = `transport:${name}`;
    fieldSeen = ENVELOPES[name].fieldSeen;
  } else if (kind === 'content-type') {
    const type = random.pick([...CONTENT_TYPES, 'application/graphql']);
    request.headers['content-type'] = type.replace(/[^\x20-\xff]/g, '?');
    request.variant = `transport:content-type:${type}`;
    fieldSeen = /^application\/json/i.test(type); // with odd parameters, still parsed as JSON
  } else {
    const [name, body] = malformedBody(random);
    request.body = body;
    request.variant = `transport:malformed:${name}`;
  }
  if (!fieldSeen) request.target = 'graphql';
}
