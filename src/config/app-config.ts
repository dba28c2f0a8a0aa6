/** Typed, validated configuration, grouped by the part of the system that uses it. */
export interface AppConfig {
  app: { env: 'development' | 'test' | 'production'; isProduction: boolean };
  http: {
    host: string;
    port: number;
    corsOrigins: string[];
    bodyLimitBytes: number;
    trustProxy: boolean | number | string[];
    securityHeaders: boolean;
    /** Serve /openapi.json and the /docs UI. */
    apiDocs: boolean;
    timeouts: HttpTimeoutsConfig;
  };
  rateLimit: RateLimitConfig;
  graphql: GraphqlLimitsConfig;
  database: DatabaseConfig;
  redis: { url: string; keyPrefix: string; commandTimeoutMs: number };
  cache: { enabled: boolean };
  auth: AuthConfig;
  log: { level: string; pretty: boolean; bufferBytes: number };
  shutdown: { timeoutMs: number; drainDelayMs: number };
  worker: { concurrency: number; lockMs: number; stalledCheckMs: number; outboxPollMs: number };
  images: ImagesConfig;
  storage: { dir: string; publicBaseUrl: string };
  idempotency: { ttlHours: number };
  telemetry: TelemetryConfig;
  metrics: MetricsConfig;
}

/** The Prometheus listener; port 0 picks a free one (tests). */
export interface MetricsConfig {
  enabled: boolean;
  host: string;
  apiPort: number;
  workerPort: number;
}

/** How long the HTTP server waits on a client (Fastify turns Node's request timeout off). */
export interface HttpTimeoutsConfig {
  /** From the first byte of a request to the end of its headers. */
  headersMs: number;
  /** From the first byte of a request to the end of its body. */
  requestMs: number;
  /** No byte moving either way on a connection. */
  connectionMs: number;
  /** An idle keep-alive connection between two requests. */
  keepAliveMs: number;
}

export interface DatabaseConfig {
  url: string;
  poolSize: number;
  connectTimeoutMs: number;
  /** Postgres' statement_timeout for the service's sessions. */
  statementTimeoutMs: number;
  /** Postgres' idle_in_transaction_session_timeout for the service's sessions. */
  idleInTransactionTimeoutMs: number;
}

/** What one GraphQL request may ask for; each limit answers 400 BAD_USER_INPUT with a reason. */
export interface GraphqlLimitsConfig {
  /** Field nesting per operation (introspection fields not counted). */
  maxDepth: number;
  /** Fields per operation, list items counted once per item (see limits/query-cost.rule.ts). */
  maxCost: number;
  maxAliases: number;
  /** Operations in one batched POST (a JSON array). */
  maxBatch: number;
  /** Length of one query document in UTF-8 bytes, checked before it is parsed. */
  maxDocumentBytes: number;
  /** Subscriptions open at once on one WebSocket connection. */
  maxSubscriptionsPerConnection: number;
  /** WebSocket connections open at once from one client address, on one instance. */
  maxConnectionsPerClient: number;
}

export interface AuthConfig {
  /** Every key a token may be signed with, by id (`kid`). */
  keys: { id: string; secret: string }[];
  /** No secret was configured (development, test): the one key is random, made by this process. */
  generatedSecret: boolean;
  /** The key new tokens are signed with. */
  signingKeyId: string;
  issuer: string;
  audience: string;
  /** Access token lifetime. */
  ttlSeconds: number;
  refreshTtlDays: number;
}

export interface RateLimitConfig {
  enabled: boolean;
  /** Requests per client address per window, on every route but the health probes. */
  max: number;
  windowMs: number;
  /** IPv6 clients count by this many leading bits of their address (IPv4 by the address). */
  ipv6PrefixLength: number;
  /** Login and registration attempts per client address, and per account, per window. */
  authMax: number;
  authWindowMs: number;
  /** Failed logins (one account, one address) before a temporary lockout. */
  loginLockAfterFailures: number;
  /** The longest a lockout lasts; it doubles with each failure up to this. */
  loginLockMaxSeconds: number;
}

export interface ImagesConfig {
  maxBytes: number;
  maxPixels: number;
  /** Jobs processed at once by one worker process (one child process each). */
  concurrency: number;
  /** Scheduling priority of the child processes that decode and encode (19 = lowest). */
  nice: number;
  attempts: number;
  retryDelayMs: number;
  renderTimeoutMs: number;
  /** `inline` processes in the API process: the benchmark's control, refused in production. */
  processing: 'queue' | 'inline';
  /** The whole environment of a render child: allow-listed, never a secret (render-child-env.ts). */
  renderEnv: Record<string, string>;
  /** Job event streams (Server-Sent Events). */
  streams: { maxPerUser: number; sessionCheckMs: number };
}

export interface TelemetryConfig {
  enabled: boolean;
  serviceName: string;
  /** Where spans go: OTLP/HTTP when an endpoint is configured, otherwise nowhere. */
  exporter: 'otlp' | 'console' | 'none';
  /**
   * OTLP's encoding: protobuf (the specification's default) serializes a batch about 2.5 times
   * faster than JSON and sends a third of the bytes (ADR 0017).
   */
  otlpProtocol: 'http/protobuf' | 'http/json';
  /**
   * Whether spans are recorded. With nowhere to send them and no sampler chosen, they are not:
   * trace ids still reach logs and downstream calls, at a fraction of the cost.
   */
  recordSpans: boolean;
  /** OTEL_TRACES_SAMPLER and its argument; unset means parent-based, always on. */
  sampler?:
    | 'always_on'
    | 'always_off'
    | 'traceidratio'
    | 'parentbased_always_on'
    | 'parentbased_always_off'
    | 'parentbased_traceidratio';
  samplerRatio?: number;
  otlpEndpoint?: string;
}

/** Injection token for {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');
