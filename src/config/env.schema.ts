import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');
const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);
const urlWithScheme = (schemes: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}` },
  );
const otlpProtocol = z.enum(['http/protobuf', 'http/json'], {
  message: 'must be http/protobuf or http/json (gRPC is not bundled)',
});

/**
 * Every environment variable the service reads, with its default for development.
 * Production-only rules (real secrets) are applied in `load-config.ts`.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  // Unset: 0.0.0.0 in production (containers), 127.0.0.1 elsewhere, so a laptop running the
  // development defaults is not reachable from the network unless HOST says so.
  HOST: z.string().min(1).optional(),
  PORT: port.default(3000),
  CORS_ORIGINS: csv.default([]),
  // Which proxies may set X-Forwarded-For: false (none, the default), true (any: only behind a
  // proxy that overwrites the header), a hop count, or a comma-separated list of addresses/CIDRs.
  TRUST_PROXY: z.string().default('false'),

  // The OpenAPI document at /openapi.json and its UI at /docs. Unset: on outside production.
  API_DOCS_ENABLED: booleanFlag.optional(),

  // Off only to measure what the headers cost (npm run bench); keep them on everywhere else.
  SECURITY_HEADERS_ENABLED: booleanFlag.default(true),
  // Per client address, shared by every instance through Redis.
  RATE_LIMIT_ENABLED: booleanFlag.default(true),
  RATE_LIMIT_MAX: positiveInt.default(300),
  RATE_LIMIT_WINDOW_MS: positiveInt.default(60_000),
  // IPv6 clients are counted by network, not by address: one subscriber holds a /64 or more.
  RATE_LIMIT_IPV6_PREFIX: positiveInt.max(128).default(64),
  // Login and registration: per client address, and per account (email).
  AUTH_RATE_LIMIT_MAX: positiveInt.default(10),
  AUTH_RATE_LIMIT_WINDOW_MS: positiveInt.default(60_000),
  // Failed logins for one account from one address before it is locked out, briefly, from there.
  LOGIN_LOCK_AFTER_FAILURES: positiveInt.default(5),
  LOGIN_LOCK_MAX_SECONDS: positiveInt.default(900),
  BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  // Slow or stalled clients (408 where an answer can still be sent): headers must arrive within
  // the first, the whole request (body included) within the second.
  HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: positiveInt.default(60_000),
  // A connection on which no byte moves either way for this long is closed.
  HTTP_CONNECTION_TIMEOUT_MS: positiveInt.default(60_000),
  // Idle keep-alive connections close after this: keep it above the load balancer's idle timeout.
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(72_000),

  // Per GraphQL operation (a batch is checked operation by operation, and by its length).
  GRAPHQL_MAX_DEPTH: positiveInt.default(8),
  GRAPHQL_MAX_COST: positiveInt.default(2_000),
  GRAPHQL_MAX_ALIASES: positiveInt.default(15),
  GRAPHQL_MAX_BATCH: positiveInt.default(10),
  GRAPHQL_MAX_DOCUMENT_BYTES: positiveInt.default(10_000),
  // Subscriptions over WebSocket: open at once on one connection, and WebSocket connections open
  // at once per client address (counted by each instance: N instances allow N times as many).
  GRAPHQL_WS_MAX_SUBSCRIPTIONS: positiveInt.default(10),
  GRAPHQL_WS_MAX_CONNECTIONS_PER_CLIENT: positiveInt.default(20),

  DATABASE_URL: urlWithScheme(['postgres:', 'postgresql:']).default(
    'postgres://postgres@127.0.0.1:5432/conduit',
  ),
  DATABASE_POOL_SIZE: positiveInt.max(200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt.default(5_000),
  // Set on every API and worker session (not on migrations): Postgres cancels a longer statement,
  // and ends a session left idle inside a transaction; the request then gets a 503.
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt.default(10_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: positiveInt.default(30_000),

  REDIS_URL: urlWithScheme(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  // Off: every read goes to Postgres (for benchmarks and debugging); Redis still backs queues.
  CACHE_ENABLED: booleanFlag.default(true),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _ . : -')
    .default('conduit:'),
  // A cache or rate-limit command unanswered this long fails, and the request goes on without it.
  REDIS_COMMAND_TIMEOUT_MS: positiveInt.default(1_000),

  // Unset outside production: a random secret per process (tokens do not survive a restart).
  // Production requires it, and refuses every secret written in this repository.
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Signing keys by id, for rotation: "2026-11:<secret>,2026-05:<secret>" (each secret 32+
  // characters). Tokens name their key in the `kid` header; JWT_SIGNING_KEY_ID picks the key new
  // tokens are signed with (default: the first). Unset: JWT_SECRET is the one key, id "primary".
  JWT_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_.-]{1,32}:[^,]{32,}(,[A-Za-z0-9_.-]{1,32}:[^,]{32,})*$/,
      'must be id:secret pairs separated by commas, each secret at least 32 characters',
    )
    .optional(),
  JWT_SIGNING_KEY_ID: z.string().min(1).optional(),
  JWT_ISSUER: z.string().min(1).default('conduit'),
  JWT_AUDIENCE: z.string().min(1).default('conduit-api'),
  // Access tokens are short-lived; clients renew them with a refresh token.
  JWT_TTL_SECONDS: positiveInt.default(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt.max(365).default(30),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  // Lines are gathered up to this many bytes (and at most 100 ms) before one write; 0 writes
  // each line at once. See docs/observability.md for what a crash can lose. At most 16000:
  // pino's destination writes up to 16 KiB at a time and refuses a larger batch at start-up
  // (and larger batches measured no cheaper).
  LOG_BUFFER_BYTES: z.coerce.number().int().min(0).max(16_000).default(4096),

  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  // Unset: 5000 in production (time for load balancers to drop this instance), 0 elsewhere.
  SHUTDOWN_DRAIN_DELAY_MS: z.coerce.number().int().min(0).optional(),

  WORKER_CONCURRENCY: positiveInt.max(64).default(2),
  // A job whose worker stops renewing its lock (killed, frozen) is retried after about this long.
  JOB_LOCK_MS: positiveInt.min(1_000).default(30_000),
  // How often workers look for such jobs; the retry comes within JOB_LOCK_MS plus this (docs/images.md).
  JOB_STALLED_CHECK_MS: positiveInt.min(100).default(5_000),
  // How often the worker looks for outbox messages the API could not hand to Redis itself.
  OUTBOX_POLL_MS: positiveInt.min(50).default(1_000),

  IMAGE_MAX_BYTES: positiveInt.default(10 * 1024 * 1024),
  // Checked from the file header before decoding: a 1 MB PNG can claim 400 megapixels.
  IMAGE_MAX_PIXELS: positiveInt.default(50_000_000),
  // Images processed at once per worker process, each in its own low-priority child process.
  IMAGE_CONCURRENCY: positiveInt.max(16).default(1),
  IMAGE_NICE: z.coerce.number().int().min(0).max(19).default(19),
  IMAGE_JOB_ATTEMPTS: positiveInt.max(20).default(4),
  IMAGE_RETRY_DELAY_MS: positiveInt.default(5_000),
  IMAGE_RENDER_TIMEOUT_MS: positiveInt.default(120_000),
  // inline: the API processes uploads itself. Only the benchmark's control uses it.
  IMAGE_PROCESSING: z.enum(['queue', 'inline']).default('queue'),
  // Job event streams (GET /api/jobs/:id/events) one user may hold open on one API instance;
  // one more is refused with 429.
  SSE_MAX_STREAMS_PER_USER: positiveInt.max(100).default(5),
  // How often an instance asks Postgres, in one query for all its streams, whether their login
  // sessions still exist (account deleted, session revoked while Redis was down). Revocations
  // recorded in Redis (logout, refresh-token reuse) end a stream within 2 s regardless.
  SSE_SESSION_CHECK_MS: positiveInt.min(100).default(30_000),
  STORAGE_DIR: z.string().min(1).default('var/storage'),
  // Public URL prefix of processed images (a CDN in front of /media, typically).
  MEDIA_BASE_URL: urlWithScheme(['http:', 'https:']).optional(),
  // How long a retry with the same Idempotency-Key gets the original answer; older keys are purged.
  IDEMPOTENCY_TTL_HOURS: positiveInt.max(24 * 30).default(24),

  // Prometheus text at GET /metrics on a listener of its own, never on the public port.
  METRICS_ENABLED: booleanFlag.default(true),
  // Unset: the same interface as HOST. Scrapers reach it; the public load balancer must not.
  METRICS_HOST: z.string().min(1).optional(),
  METRICS_PORT: port.default(9464),
  WORKER_METRICS_PORT: port.default(9465),

  OTEL_SDK_DISABLED: booleanFlag.default(false),
  OTEL_SERVICE_NAME: z.string().min(1).default('conduit-api'),
  OTEL_EXPORTER_OTLP_ENDPOINT: urlWithScheme(['http:', 'https:']).optional(),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'console', 'none']).optional(),
  // OTLP over HTTP, in either encoding (gRPC is not bundled): the signal-specific variable wins.
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol.optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol.optional(),
  // Validated here so a typo fails at boot instead of being ignored (infra/telemetry/sampler.ts).
  OTEL_TRACES_SAMPLER: z
    .enum([
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ])
    .optional(),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
});

export type RawEnv = z.infer<typeof envSchema>;
