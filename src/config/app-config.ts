/** Typed, validated configuration, grouped by the part of the system that uses it. */
export interface AppConfig {
  app: { env: 'development' | 'test' | 'production'; isProduction: boolean };
  http: { host: string; port: number; corsOrigins: string[]; bodyLimitBytes: number };
  database: { url: string; poolSize: number; connectTimeoutMs: number };
  redis: { url: string; keyPrefix: string };
  cache: { enabled: boolean };
  auth: { jwtSecret: string; issuer: string; audience: string; ttlSeconds: number };
  log: { level: string; pretty: boolean };
  shutdown: { timeoutMs: number; drainDelayMs: number };
  worker: { concurrency: number };
  telemetry: TelemetryConfig;
}

export interface TelemetryConfig {
  enabled: boolean;
  serviceName: string;
  /** Where spans go: OTLP/HTTP when an endpoint is configured, otherwise nowhere. */
  exporter: 'otlp' | 'console' | 'none';
  /**
   * Whether spans are recorded. With nowhere to send them and no sampler chosen, they are not:
   * trace ids still reach logs and downstream calls, at a fraction of the cost.
   */
  recordSpans: boolean;
  otlpEndpoint?: string;
}

/** Injection token for {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');
