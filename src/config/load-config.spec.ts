import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './load-config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
};

// The least a production configuration needs to load.
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/app',
  REDIS_URL: 'redis://cache',
  // Random: production refuses a secret written here, or one as guessable as 'p'.repeat(40).
  JWT_SECRET: randomBytes(36).toString('base64url'),
};

describe('loadConfig', () => {
  it('gives a development setup that works with no variables at all', () => {
    const config = loadConfig({});
    expect(config.app.env).toBe('development');
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/conduit');
    expect(config.log.pretty).toBe(true);
    expect(config.telemetry.exporter).toBe('none');
  });

  it('names every bad variable and what is wrong with it', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/app',
      JWT_SECRET: 'short',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: /),
        'DATABASE_URL: must be a URL starting with postgres:// or postgresql://',
        'JWT_SECRET: must be at least 32 characters',
        expect.stringMatching(/^LOG_LEVEL: /),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('never echoes a secret value in its message', () => {
    const secret = 'too-short-but-private';
    expect(() => loadConfig({ JWT_SECRET: secret })).toThrow(ConfigError);
    expect(problemsOf({ JWT_SECRET: secret }).join('\n')).not.toContain(secret);
  });

  it('refuses to start production without a real secret or explicit URLs', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'JWT_SECRET: must be set to a private random value in production',
      'DATABASE_URL: is required in production',
      'REDIS_URL: is required in production',
    ]);
    // The former development default, and compose's former fallback: both public.
    for (const secret of [
      'dev-only-insecure-jwt-secret-change-me-000000',
      'local-compose-only-jwt-secret-never-deploy-0000',
    ]) {
      const problems = problemsOf({ ...production, JWT_SECRET: secret });
      expect(problems).toEqual([expect.stringMatching(/^JWT_SECRET: is a value published/)]);
      expect(problems.join('\n')).not.toContain(secret);
    }
    // A secret with little variety is as public as one written down.
    expect(problemsOf({ ...production, JWT_SECRET: 'ab'.repeat(20) })).toEqual([
      expect.stringMatching(/^JWT_SECRET: has too little variety/),
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).http.port).toBe(3000);
  });

  it('records spans only when they can be exported or a sampler is chosen explicitly', () => {
    expect(loadConfig({}).telemetry.recordSpans).toBe(false);
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).telemetry.recordSpans).toBe(
      true,
    );
    expect(loadConfig({ OTEL_TRACES_SAMPLER: 'always_on' }).telemetry.recordSpans).toBe(true);
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(/OTEL_TRACES_SAMPLER/);
  });

  it('serves metrics on their own ports, on the API host unless METRICS_HOST says otherwise', () => {
    expect(loadConfig({}).metrics).toEqual({
      enabled: true,
      host: '127.0.0.1',
      apiPort: 9464,
      workerPort: 9465,
    });
    expect(loadConfig({ HOST: '0.0.0.0' }).metrics.host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0', METRICS_HOST: '10.0.0.5' }).metrics.host).toBe('10.0.0.5');
    expect(loadConfig({ METRICS_ENABLED: 'false' }).metrics.enabled).toBe(false);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  it('splits CORS_ORIGINS into a list and exports spans over OTLP when an endpoint is set', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://a.example, https://b.example',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    });
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.telemetry.exporter).toBe('otlp');
  });

  it('exports OTLP in protobuf by default; the traces variable wins over the general one', () => {
    expect(loadConfig({}).telemetry.otlpProtocol).toBe('http/protobuf');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).telemetry.otlpProtocol).toBe(
      'http/json',
    );
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      }).telemetry.otlpProtocol,
    ).toBe('http/protobuf');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL: must be http\/protobuf or http\/json/,
    );
  });

  it.each([
    ['false', false],
    ['true', true],
    ['2', 2],
    ['10.0.0.0/8, 192.168.1.7', ['10.0.0.0/8', '192.168.1.7']],
  ])('reads TRUST_PROXY=%p as %p', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).http.trustProxy).toEqual(expected);
  });

  it('reads signing keys by id, signing with the first unless told otherwise', () => {
    const secret = (c: string) => c.repeat(40);
    const env = { JWT_KEYS: `new:${secret('n')},old:${secret('o')}` };
    expect(loadConfig(env).auth).toMatchObject({
      keys: [
        { id: 'new', secret: secret('n') },
        { id: 'old', secret: secret('o') },
      ],
      signingKeyId: 'new',
    });
    expect(loadConfig({ ...env, JWT_SIGNING_KEY_ID: 'old' }).auth.signingKeyId).toBe('old');
    // Without JWT_KEYS, JWT_SECRET is the one key.
    expect(loadConfig({ JWT_SECRET: secret('s') }).auth).toMatchObject({
      keys: [{ id: 'primary', secret: secret('s') }],
      generatedSecret: false,
    });
  });

  it('signs with a random secret of its own when none is set outside production', () => {
    const first = loadConfig({}).auth;
    expect(first.generatedSecret).toBe(true);
    expect(first.keys[0].secret).toMatch(/^[A-Za-z0-9_-]{64}$/);
    // One per process: every caller in it agrees, so tokens verify across modules.
    expect(loadConfig({ NODE_ENV: 'test' }).auth.keys).toEqual(first.keys);
  });

  it('listens on loopback outside production unless HOST says otherwise', () => {
    expect(loadConfig({}).http.host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).http.host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).http.host).toBe('0.0.0.0');
    expect(loadConfig(production).http.host).toBe('0.0.0.0');
  });

  it('refuses malformed keys, duplicate ids, an unknown signing key, and short secrets, without echoing them', () => {
    const long = 'k'.repeat(40);
    expect(problemsOf({ JWT_KEYS: `a:${long},a:${long}` })).toEqual([
      'JWT_KEYS: key ids must be unique',
    ]);
    expect(problemsOf({ JWT_KEYS: `a:${long}`, JWT_SIGNING_KEY_ID: 'b' })).toEqual([
      'JWT_SIGNING_KEY_ID: names no key of JWT_KEYS',
    ]);
    const short = problemsOf({ JWT_KEYS: 'a:too-short-secret' });
    expect(short.join('\n')).toMatch(/^JWT_KEYS: /);
    expect(short.join('\n')).not.toContain('too-short-secret');
  });

  it('refuses inline image processing and development keys in production', () => {
    expect(problemsOf({ ...production, IMAGE_PROCESSING: 'inline' })).toEqual([
      expect.stringMatching(/^IMAGE_PROCESSING: /),
    ]);
    expect(
      problemsOf({
        ...production,
        JWT_KEYS: `new:${'n'.repeat(40)},old:dev-only-insecure-jwt-secret-change-me-000000`,
      }),
    ).toEqual([expect.stringMatching(/^JWT_KEYS: is a value published/)]);
  });

  it('serves the API documentation outside production unless API_DOCS_ENABLED says otherwise', () => {
    expect(loadConfig({}).http.apiDocs).toBe(true);
    expect(loadConfig({ API_DOCS_ENABLED: 'false' }).http.apiDocs).toBe(false);
    expect(loadConfig(production).http.apiDocs).toBe(false);
    expect(loadConfig({ ...production, API_DOCS_ENABLED: 'true' }).http.apiDocs).toBe(true);
    expect(problemsOf({ API_DOCS_ENABLED: 'yes please' })).toEqual([
      expect.stringMatching(/^API_DOCS_ENABLED: /),
    ]);
  });

  it('bounds every wait on Postgres and Redis by default', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({
      statementTimeoutMs: 10_000,
      idleInTransactionTimeoutMs: 30_000,
    });
    expect(config.redis.commandTimeoutMs).toBe(1_000);
    expect(problemsOf({ DATABASE_STATEMENT_TIMEOUT_MS: '0' })).toEqual([
      expect.stringMatching(/^DATABASE_STATEMENT_TIMEOUT_MS: /),
    ]);
  });

  it('bounds every wait on an HTTP client by default, headers within the whole request', () => {
    expect(loadConfig({}).http.timeouts).toEqual({
      headersMs: 10_000,
      requestMs: 60_000,
      connectionMs: 60_000,
      keepAliveMs: 72_000,
    });
    expect(problemsOf({ HTTP_HEADERS_TIMEOUT_MS: '70000' })).toEqual([
      'HTTP_HEADERS_TIMEOUT_MS: must not be above HTTP_REQUEST_TIMEOUT_MS',
    ]);
  });

  it('drains for 5 s before closing in production, not elsewhere, unless told', () => {
    expect(loadConfig(production).shutdown.drainDelayMs).toBe(5_000);
    expect(loadConfig({}).shutdown.drainDelayMs).toBe(0);
    expect(loadConfig({ ...production, SHUTDOWN_DRAIN_DELAY_MS: '0' }).shutdown.drainDelayMs).toBe(
      0,
    );
    expect(problemsOf({ SHUTDOWN_DRAIN_DELAY_MS: '10000' })).toEqual([
      'SHUTDOWN_DRAIN_DELAY_MS: must be below SHUTDOWN_TIMEOUT_MS',
    ]);
  });

  it('writes log lines in batches of 4 KB unless LOG_BUFFER_BYTES says otherwise', () => {
    expect(loadConfig(production).log.bufferBytes).toBe(4096);
    expect(loadConfig({ LOG_BUFFER_BYTES: '0' }).log.bufferBytes).toBe(0);
    expect(problemsOf({ LOG_BUFFER_BYTES: '-1' })).toEqual([
      expect.stringMatching(/^LOG_BUFFER_BYTES: /),
    ]);
    expect(problemsOf({ LOG_BUFFER_BYTES: '16384' })).toEqual([
      expect.stringMatching(/^LOG_BUFFER_BYTES: /),
    ]);
    expect(problemsOf({ LOG_BUFFER_BYTES: '4mb' })).toEqual([
      expect.stringMatching(/^LOG_BUFFER_BYTES: /),
    ]);
  });
});
