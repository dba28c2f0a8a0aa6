// @ts-check
/**
 * Which layer of the stack a profile sample belongs to, from the script it ran in. Self time
 * only: a sample counts for the function on top of the stack, so layers add up to the total.
 */

/** @type {[RegExp, string][]} */
const RULES = [
  [
    // pino-http, nestjs-pino and @pinojs/redact: the logging before issue 13, for older profiles.
    /node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream|@fastify\/middie|pino-http|nestjs-pino|@pinojs\/redact)\//,
    'request logging (pino)',
  ],
  [
    /node_modules\/(@opentelemetry\/[^/]+|import-in-the-middle|require-in-the-middle|shimmer)\//,
    'tracing (OpenTelemetry)',
  ],
  [/node_modules\/(prom-client|tdigest|bintrees)\//, 'metrics (prom-client)'],
  [
    /node_modules\/(@nestjs\/[^/]+|rxjs|reflect-metadata|class-transformer|class-validator|iterare|tslib)\//,
    'Nest (routing, guards, pipes, interceptors)',
  ],
  [
    /node_modules\/(fastify|find-my-way|avvio|light-my-request|fast-json-stringify|@fastify\/[^/]+|fast-querystring|secure-json-parse|toad-cache|abstract-logging|fast-decode-uri-component|rfdc)\//,
    'Fastify',
  ],
  [
    /node_modules\/(ioredis|@ioredis\/[^/]+|redis-parser|cluster-key-slot|denque|standard-as-callback)\//,
    'Redis client',
  ],
  [/node_modules\/(typeorm|pg|pg-[^/]+|postgres-[^/]+)\//, 'Postgres client (TypeORM, pg)'],
  [
    /node_modules\/(fast-jwt|mnemonist|@lukeed\/ms|jsonwebtoken|jws|jwa|safe-buffer|ecdsa-sig-formatter|semver|ms|lodash\.[^/]+)\//,
    'token check (JWT)',
  ],
  [/node_modules\/(graphql|mercurius|@nestjs\/graphql|graphql-jit)\//, 'GraphQL'],
  [/\/dist\/src\/(infra\/logger|platform\/http\/request-logging)/, 'request logging (pino)'],
  [/\/dist\/src\/(infra\/telemetry|platform\/http\/server-span)/, 'tracing (OpenTelemetry)'],
  [
    /\/dist\/src\/(infra\/metrics|platform\/metrics|platform\/http\/http-metrics|platform\/graphql\/graphql-metrics)/,
    'metrics (prom-client)',
  ],
  [/\/dist\/src\/platform\/rate-limit\//, 'rate limit (app code)'],
  [
    /\/dist\/src\/platform\/http\/(security-headers|conditional-get)/,
    'headers and ETag (app code)',
  ],
  [/\/dist\/src\/infra\/cache\//, 'cache (app code)'],
  [/\/dist\/src\//, 'other app code'],
  [
    /^node:(_http_|http|net|internal\/(streams|stream_base|http|net|dgram))/,
    'Node HTTP and sockets',
  ],
  [/^node:crypto|^node:internal\/crypto/, 'Node crypto'],
  [/^node:/, 'other Node internals'],
];

/**
 * @param {{ url: string, functionName: string }} frame
 * @returns {string | undefined} the layer, or undefined for idle time
 */
export function layerOf({ url, functionName }) {
  if (functionName === '(idle)') return undefined;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (!url) {
    // Native code: the socket write sits here, so it goes with Node's HTTP layer.
    if (/^write(Utf8|Latin1|Buffer|v)/i.test(functionName)) return 'Node HTTP and sockets';
    return 'native (V8, libuv, other)';
  }
  for (const [pattern, layer] of RULES) if (pattern.test(url)) return layer;
  return 'other dependencies';
}

// Work Node does on behalf of a client library (a socket write for ioredis, a timer for pino)
// belongs to that library; on behalf of the HTTP path, it is Node's HTTP cost.
const LIBRARIES = new Set([
  'request logging (pino)',
  'metrics (prom-client)',
  'tracing (OpenTelemetry)',
  'Redis client',
  'Postgres client (TypeORM, pg)',
  'token check (JWT)',
]);
const NODE_LAYERS = new Set([
  'Node HTTP and sockets',
  'other Node internals',
  'native (V8, libuv, other)',
  'Node crypto',
]);

/**
 * The share of busy CPU time (idle left out) spent in each layer, largest first.
 * @param {{ nodes: { id: number, callFrame: { url: string, functionName: string }, children?: number[] }[], samples: number[], timeDeltas: number[] }} profile
 */
export function costByLayer(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<number, number>} */
  const parents = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node.id);
  /** @type {Map<number, string | undefined>} */
  const memo = new Map();
  /** @param {number} id */
  const layerOfNode = (id) => {
    if (memo.has(id)) return memo.get(id);
    const own = layerOf(/** @type {any} */ (nodes.get(id)).callFrame);
    let layer = own;
    if (own && NODE_LAYERS.has(own) && own !== 'Node crypto') {
      for (let up = parents.get(id); up !== undefined; up = parents.get(up)) {
        const above = layerOf(/** @type {any} */ (nodes.get(up)).callFrame);
        if (!above || NODE_LAYERS.has(above) || above === 'garbage collection') continue;
        layer = LIBRARIES.has(above)
          ? above
          : own === 'native (V8, libuv, other)' &&
              /^write/i.test(/** @type {any} */ (nodes.get(id)).callFrame.functionName)
            ? 'Node HTTP and sockets'
            : own;
        break;
      }
    }
    memo.set(id, layer);
    return layer;
  };
  /** @type {Map<string, number>} */
  const micros = new Map();
  profile.samples.forEach((id, index) => {
    const layer = layerOfNode(id);
    if (!layer) return;
    micros.set(layer, (micros.get(layer) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const busy = [...micros.values()].reduce((sum, value) => sum + value, 0);
  const rows = [...micros].map(([layer, total]) => ({ layer, share: total / busy }));
  return rows.sort((a, b) => b.share - a.share);
}
