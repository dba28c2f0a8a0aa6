import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { AppConfig, AuthConfig, DatabaseConfig, TelemetryConfig } from './app-config.js';
import { envSchema, type RawEnv } from './env.schema.js';
import { hasTooLittleVariety, isPublicSecret } from './public-secrets.js';
import { renderChildEnv } from './render-child-env.js';

/** Thrown when the environment is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parseWith<S extends z.ZodType>(schema: S, env: Env): z.infer<S> {
  // An empty variable means "not set", so defaults apply (as in most .env tooling).
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) throw new ConfigError(result.error.issues.map(describeIssue));
  return result.data;
}

const parseEnv = (env: Env): RawEnv => parseWith(envSchema, env);

const databaseSchema = envSchema.pick({
  NODE_ENV: true,
  DATABASE_URL: true,
  DATABASE_POOL_SIZE: true,
  DATABASE_CONNECT_TIMEOUT_MS: true,
  DATABASE_STATEMENT_TIMEOUT_MS: true,
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: true,
});

/** Only the database settings: what the migration CLI needs, without the API's secrets. */
export function loadDatabaseConfig(env: Env): DatabaseConfig {
  const raw = parseWith(databaseSchema, env);
  if (raw.NODE_ENV === 'production' && !env.DATABASE_URL) {
    throw new ConfigError(['DATABASE_URL: is required in production']);
  }
  return {
    url: raw.DATABASE_URL,
    poolSize: raw.DATABASE_POOL_SIZE,
    connectTimeoutMs: raw.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: raw.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: raw.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.join('.') || '(root)';
  return issue.code === 'invalid_type' && issue.input === undefined
    ? `${name}: is required`
    : `${name}: ${issue.message}`;
}

/**
 * Made once per process, on first use, when no secret is configured outside production: no
 * secret anyone could read (in the repository or elsewhere) signs this process's tokens. A
 * second API instance has its own, so a shared deployment must set JWT_SECRET (production
 * requires it). The worker verifies no tokens.
 */
let processSecret: string | undefined;
const generatedSecret = (): string => (processSecret ??= randomBytes(48).toString('base64url'));

function signingKeys(raw: RawEnv): { id: string; secret: string }[] {
  if (!raw.JWT_KEYS) return [{ id: 'primary', secret: raw.JWT_SECRET ?? generatedSecret() }];
  return raw.JWT_KEYS.split(',').map((pair) => {
    const separator = pair.indexOf(':');
    return { id: pair.slice(0, separator), secret: pair.slice(separator + 1) };
  });
}

function authConfig(raw: RawEnv): AuthConfig {
  const keys = signingKeys(raw);
  return {
    keys,
    generatedSecret: !raw.JWT_KEYS && !raw.JWT_SECRET,
    signingKeyId: raw.JWT_SIGNING_KEY_ID ?? keys[0].id,
    issuer: raw.JWT_ISSUER,
    audience: raw.JWT_AUDIENCE,
    ttlSeconds: raw.JWT_TTL_SECONDS,
    refreshTtlDays: raw.REFRESH_TOKEN_TTL_DAYS,
  };
}

function keyProblems(raw: RawEnv): string[] {
  const ids = signingKeys(raw).map((key) => key.id);
  const problems: string[] = [];
  if (new Set(ids).size !== ids.length) problems.push('JWT_KEYS: key ids must be unique');
  if (raw.JWT_SIGNING_KEY_ID && !ids.includes(raw.JWT_SIGNING_KEY_ID)) {
    problems.push('JWT_SIGNING_KEY_ID: names no key of JWT_KEYS');
  }
  return problems;
}

function timeoutProblems(raw: RawEnv): string[] {
  const problems: string[] = [];
  if (raw.HTTP_HEADERS_TIMEOUT_MS > raw.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS: must not be above HTTP_REQUEST_TIMEOUT_MS');
  }
  if (drainDelayMs(raw) >= raw.SHUTDOWN_TIMEOUT_MS) {
    problems.push('SHUTDOWN_DRAIN_DELAY_MS: must be below SHUTDOWN_TIMEOUT_MS');
  }
  return problems;
}

/** Behind a load balancer (production) an instance keeps serving while it is taken out of rotation. */
const drainDelayMs = (raw: RawEnv): number =>
  raw.SHUTDOWN_DRAIN_DELAY_MS ?? (raw.NODE_ENV === 'production' ? 5_000 : 0);

function productionProblems(env: Env, raw: RawEnv): string[] {
  if (raw.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!raw.JWT_KEYS && !raw.JWT_SECRET) {
    problems.push('JWT_SECRET: must be set to a private random value in production');
  } else {
    // Never echo the value: the message lands in logs.
    const name = raw.JWT_KEYS ? 'JWT_KEYS' : 'JWT_SECRET';
    const secrets = signingKeys(raw).map((key) => key.secret);
    if (secrets.some(isPublicSecret)) {
      problems.push(
        `${name}: is a value published in this repository; set a private random value in production`,
      );
    } else if (secrets.some(hasTooLittleVariety)) {
      problems.push(
        `${name}: has too little variety to be secret; set a private random value in production`,
      );
    }
  }
  if (!env.DATABASE_URL) problems.push('DATABASE_URL: is required in production');
  if (!env.REDIS_URL) problems.push('REDIS_URL: is required in production');
  if (raw.IMAGE_PROCESSING === 'inline') {
    problems.push(
      'IMAGE_PROCESSING: inline blocks the API with image work; use queue in production',
    );
  }
  return problems;
}

function telemetryConfig(raw: RawEnv): TelemetryConfig {
  const exporter = raw.OTEL_TRACES_EXPORTER ?? (raw.OTEL_EXPORTER_OTLP_ENDPOINT ? 'otlp' : 'none');
  return {
    enabled: !raw.OTEL_SDK_DISABLED,
    serviceName: raw.OTEL_SERVICE_NAME,
    exporter,
    otlpProtocol:
      raw.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? raw.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
    recordSpans: exporter !== 'none' || raw.OTEL_TRACES_SAMPLER !== undefined,
    sampler: raw.OTEL_TRACES_SAMPLER,
    samplerRatio: raw.OTEL_TRACES_SAMPLER_ARG,
    otlpEndpoint: raw.OTEL_EXPORTER_OTLP_ENDPOINT,
  };
}

/** Fastify's trustProxy: a boolean, a hop count, or addresses and CIDR ranges. */
function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === 'false' || value === '0' || value === '') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Validates the environment once and returns the typed configuration, or throws {@link ConfigError}. */
export function loadConfig(env: Env): AppConfig {
  const raw = parseEnv(env);
  const problems = [...keyProblems(raw), ...timeoutProblems(raw), ...productionProblems(env, raw)];
  if (problems.length > 0) throw new ConfigError(problems);
  const isProduction = raw.NODE_ENV === 'production';
  return {
    app: { env: raw.NODE_ENV, isProduction },
    http: {
      host: raw.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
      port: raw.PORT,
      corsOrigins: raw.CORS_ORIGINS,
      bodyLimitBytes: raw.BODY_LIMIT_BYTES,
      trustProxy: parseTrustProxy(raw.TRUST_PROXY),
      securityHeaders: raw.SECURITY_HEADERS_ENABLED,
      apiDocs: raw.API_DOCS_ENABLED ?? !isProduction,
      timeouts: {
        headersMs: raw.HTTP_HEADERS_TIMEOUT_MS,
        requestMs: raw.HTTP_REQUEST_TIMEOUT_MS,
        connectionMs: raw.HTTP_CONNECTION_TIMEOUT_MS,
        keepAliveMs: raw.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      },
    },
    rateLimit: {
      enabled: raw.RATE_LIMIT_ENABLED,
      max: raw.RATE_LIMIT_MAX,
      windowMs: raw.RATE_LIMIT_WINDOW_MS,
      ipv6PrefixLength: raw.RATE_LIMIT_IPV6_PREFIX,
      authMax: raw.AUTH_RATE_LIMIT_MAX,
      authWindowMs: raw.AUTH_RATE_LIMIT_WINDOW_MS,
      loginLockAfterFailures: raw.LOGIN_LOCK_AFTER_FAILURES,
      loginLockMaxSeconds: raw.LOGIN_LOCK_MAX_SECONDS,
    },
    graphql: {
      maxDepth: raw.GRAPHQL_MAX_DEPTH,
      maxCost: raw.GRAPHQL_MAX_COST,
      maxAliases: raw.GRAPHQL_MAX_ALIASES,
      maxBatch: raw.GRAPHQL_MAX_BATCH,
      maxDocumentBytes: raw.GRAPHQL_MAX_DOCUMENT_BYTES,
      maxSubscriptionsPerConnection: raw.GRAPHQL_WS_MAX_SUBSCRIPTIONS,
      maxConnectionsPerClient: raw.GRAPHQL_WS_MAX_CONNECTIONS_PER_CLIENT,
    },
    database: loadDatabaseConfig(env),
    redis: {
      url: raw.REDIS_URL,
      keyPrefix: raw.REDIS_KEY_PREFIX,
      commandTimeoutMs: raw.REDIS_COMMAND_TIMEOUT_MS,
    },
    cache: { enabled: raw.CACHE_ENABLED },
    auth: authConfig(raw),
    log: {
      level: raw.LOG_LEVEL,
      pretty: (raw.LOG_FORMAT ?? (raw.NODE_ENV === 'development' ? 'pretty' : 'json')) === 'pretty',
      bufferBytes: raw.LOG_BUFFER_BYTES,
    },
    shutdown: { timeoutMs: raw.SHUTDOWN_TIMEOUT_MS, drainDelayMs: drainDelayMs(raw) },
    worker: {
      concurrency: raw.WORKER_CONCURRENCY,
      lockMs: raw.JOB_LOCK_MS,
      stalledCheckMs: raw.JOB_STALLED_CHECK_MS,
      outboxPollMs: raw.OUTBOX_POLL_MS,
    },
    images: {
      maxBytes: raw.IMAGE_MAX_BYTES,
      maxPixels: raw.IMAGE_MAX_PIXELS,
      concurrency: raw.IMAGE_CONCURRENCY,
      nice: raw.IMAGE_NICE,
      attempts: raw.IMAGE_JOB_ATTEMPTS,
      retryDelayMs: raw.IMAGE_RETRY_DELAY_MS,
      renderTimeoutMs: raw.IMAGE_RENDER_TIMEOUT_MS,
      processing: raw.IMAGE_PROCESSING,
      renderEnv: renderChildEnv(env),
      streams: {
        maxPerUser: raw.SSE_MAX_STREAMS_PER_USER,
        sessionCheckMs: raw.SSE_SESSION_CHECK_MS,
      },
    },
    storage: {
      dir: raw.STORAGE_DIR,
      publicBaseUrl: (raw.MEDIA_BASE_URL ?? `http://localhost:${raw.PORT}/media`).replace(
        /\/+$/,
        '',
      ),
    },
    idempotency: { ttlHours: raw.IDEMPOTENCY_TTL_HOURS },
    telemetry: telemetryConfig(raw),
    metrics: {
      enabled: raw.METRICS_ENABLED,
      host: raw.METRICS_HOST ?? raw.HOST ?? (isProduction ? '0.0.0.0' : '127.0.0.1'),
      apiPort: raw.METRICS_PORT,
      workerPort: raw.WORKER_METRICS_PORT,
    },
  };
}
